package io.updraft.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the YAML file, then applies {@code UPDRAFT_<SECTION>__<KEY>} environment overrides (for
 * example {@code UPDRAFT_DATABASE__URL}). An unknown key is an error that names it, so a typo is
 * never silently ignored.
 */
public final class ConfigLoader {
  private static final String PREFIX = "UPDRAFT_";

  /**
   * Made on first use: without a file or an override, the defaults need no mapper, and building one
   * and its record deserializers is most of what a short command spends on its configuration.
   */
  private static final class Yaml {
    static final ObjectMapper MAPPER =
        new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
  }

  private ConfigLoader() {}

  /** Loads {@code file} (may be null: defaults only) and overrides from {@code env}. */
  public static UpdraftConfig load(Path file, Map<String, String> env) {
    ObjectNode tree = readFile(file);
    // Sorted, so that a deeper key always lands after the section that holds it.
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      // UPDRAFT_CONN_* and UPDRAFT_VAR_* are connections and variables, not configuration.
      if (name.startsWith(PREFIX)
          && name.contains("__")
          && !name.startsWith("UPDRAFT_CONN_")
          && !name.startsWith("UPDRAFT_VAR_")) {
        applyOverride(tree, name, e.getValue());
      }
    }
    if (tree.isEmpty()) {
      return UpdraftConfig.defaults(); // what the mapper makes of {}: every section's defaults
    }
    String source = file == null ? "the environment" : file + " and the environment";
    try {
      return Yaml.MAPPER.treeToValue(tree, UpdraftConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(
          "Unknown configuration key '"
              + e.getPropertyName()
              + "' (from "
              + source
              + "); known keys here: "
              + e.getKnownPropertyIds(),
          e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Invalid configuration (from " + source + "): " + e.getOriginalMessage(), e);
    }
  }

  private static ObjectNode readFile(Path file) {
    if (file == null) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Configuration file " + file + " does not exist; check --config or UPDRAFT_CONFIG");
    }
    try {
      JsonNode node = Yaml.MAPPER.readTree(file.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!(node instanceof ObjectNode object)) {
        throw new IllegalArgumentException(
            "Configuration file " + file + " must hold a YAML mapping of sections");
      }
      return object;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Configuration file "
              + file
              + " is not valid YAML (line "
              + e.getLocation().getLineNr()
              + "): "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read configuration file " + file, e);
    }
  }

  private static void applyOverride(ObjectNode tree, String name, String value) {
    String[] path = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).split("__");
    ObjectNode node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode child = node.get(path[i]);
      node = child instanceof ObjectNode object ? object : node.putObject(path[i]);
    }
    node.put(path[path.length - 1], value);
  }
}
