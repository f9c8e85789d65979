package io.updraft.core.secrets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A file of secrets as Airflow's LocalFilesystemBackend reads it: {@code .env} ({@code KEY=value}
 * lines, blank lines and {@code #} comments skipped), {@code .json} or {@code .yaml}/{@code .yml}
 * (one mapping of keys to values). A key given twice is an error, as is a malformed line; errors
 * name the file and line.
 */
final class SecretFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A value and where it was written, for error messages. */
  record Entry(JsonNode value, String where) {}

  private SecretFile() {}

  static Map<String, Entry> read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("Secrets file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read secrets file " + file + ": " + e.getMessage());
    }
    if (name.endsWith(".env")) {
      return readEnv(file, text);
    }
    if (name.endsWith(".json")) {
      return readMapping(file, text, JSON);
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return readMapping(file, text, YAML);
    }
    throw new IllegalStateException(
        "Secrets file "
            + file
            + " has an unsupported extension; expected .env, .json, .yaml or .yml");
  }

  private static Map<String, Entry> readEnv(Path file, String text) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      String where = file + ":" + (i + 1);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new IllegalStateException(
            where + ": invalid line; expected KEY=value (the line has no '=')");
      }
      String key = line.substring(0, eq).strip();
      if (key.isEmpty()) {
        throw new IllegalStateException(where + ": invalid line; the key before '=' is empty");
      }
      put(entries, key, new Entry(TextNode.valueOf(line.substring(eq + 1).strip()), where));
    }
    return entries;
  }

  private static Map<String, Entry> readMapping(Path file, String text, ObjectMapper mapper) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    if (text.isBlank()) {
      return entries;
    }
    JsonFactory factory = mapper.getFactory();
    try (JsonParser parser = factory.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return entries;
      }
      if (first != JsonToken.START_OBJECT) {
        throw new IllegalStateException(
            file + ":" + parser.currentLocation().getLineNr() + ": expected a mapping of keys");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        String where = file + ":" + parser.currentLocation().getLineNr();
        parser.nextToken();
        JsonNode value = mapper.readTree(parser);
        put(entries, key, new Entry(value, where));
      }
      return entries;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          file
              + ":"
              + e.getLocation().getLineNr()
              + ": not valid "
              + (mapper == JSON ? "JSON" : "YAML")
              + " ("
              + e.getOriginalMessage().lines().findFirst().orElse("")
              + ")");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read secrets file " + file + ": " + e.getMessage());
    }
  }

  private static void put(Map<String, Entry> entries, String key, Entry entry) {
    Entry previous = entries.putIfAbsent(key, entry);
    if (previous != null) {
      throw new IllegalStateException(
          entry.where()
              + ": duplicate key '"
              + key
              + "' (first defined at "
              + previous.where()
              + "); each key may appear once");
    }
  }
}
