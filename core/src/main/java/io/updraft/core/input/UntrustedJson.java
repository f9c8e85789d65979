package io.updraft.core.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON that a user sends (a run's conf, an API request body) read and checked before anything
 * stores or uses it: nested at most {@value #MAX_DEPTH} levels, no NUL character and no lone
 * surrogate in any key or string (PostgreSQL refuses both in {@code text} and {@code jsonb}), and
 * only finite numbers. Each problem names where in the value it is, such as {@code conf.tables[2]}.
 */
public final class UntrustedJson {
  /** Deep enough for any real conf; shallow enough that no walk of it can run out of stack. */
  public static final int MAX_DEPTH = 64;

  /**
   * Jackson stops at this depth while reading, before building anything; the walk below then holds
   * values to {@link #MAX_DEPTH}, with the place named.
   */
  private static final ObjectMapper READER = readerOf(Json.MAPPER);

  private UntrustedJson() {}

  private static ObjectMapper readerOf(ObjectMapper mapper) {
    // Text after the value ({"a": 1} junk) is a mistake to report, not something to drop.
    ObjectMapper reader = mapper.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    reader
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build());
    return reader;
  }

  /**
   * Reads any JSON value and checks it whole.
   *
   * @param what names the text in errors, such as {@code The request body} or {@code --conf}
   */
  public static JsonNode readTree(String json, String what) {
    JsonNode node;
    try {
      node = READER.readTree(json);
    } catch (StreamConstraintsException e) {
      throw tooDeep(what);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")";
      throw new InvalidInputException(
          what
              + " is not valid JSON"
              + where
              + ": "
              + e.getOriginalMessage()
              + ". Expected a JSON object such as {\"key\": \"value\"}");
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidInputException(what + " is empty; expected a JSON object");
    }
    check(READER.convertValue(node, Object.class), "", 0, what);
    return node;
  }

  /** Reads a JSON object (a run's conf, say); blank text is an empty object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String json, String what) {
    if (json == null || json.isBlank()) {
      return new LinkedHashMap<>();
    }
    JsonNode node = readTree(json, what);
    if (!node.isObject()) {
      throw new InvalidInputException(
          what + " must be a JSON object such as {\"key\": \"value\"}, got " + kindOf(node));
    }
    return READER.convertValue(node, LinkedHashMap.class);
  }

  /**
   * Checks a value already read (maps, lists, strings, numbers, booleans, nulls), as a conf given
   * through Java. Returns it, for chaining.
   *
   * @param path names the value in errors, such as {@code conf}
   */
  public static <T> T check(T value, String path) {
    check(value, path, 0, "");
    return value;
  }

  /**
   * {@code path} is where the value sits, such as {@code conf.tables[2]}; {@code root}, when not
   * empty, names the text it was read from ({@code --conf at tables[2]}).
   */
  private static void check(Object value, String path, int depth, String root) {
    String here = root.isEmpty() ? path : path.isEmpty() ? root : root + " at " + path;
    switch (value) {
      case null -> {}
      case String text -> checkText(text, here);
      case Double d when !Double.isFinite(d) -> throw notFinite(here);
      case Float f when !Float.isFinite(f) -> throw notFinite(here);
      case Map<?, ?> map -> {
        if (depth >= MAX_DEPTH) {
          throw tooDeep(here);
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String key = String.valueOf(e.getKey());
          checkText(key, "a key of " + here);
          check(e.getValue(), path.isEmpty() ? key : path + "." + key, depth + 1, root);
        }
      }
      case List<?> list -> {
        if (depth >= MAX_DEPTH) {
          throw tooDeep(here);
        }
        for (int i = 0; i < list.size(); i++) {
          check(list.get(i), path + "[" + i + "]", depth + 1, root);
        }
      }
      default -> {}
    }
  }

  /**
   * A string a user sent, as a field of a form or a parameter of a URL: no NUL character and no
   * lone surrogate, which no database column can hold.
   */
  public static String checkText(String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        throw new InvalidInputException(
            what
                + " contains a NUL character (\\u0000) at position "
                + (i + 1)
                + "; text may not contain it. Remove it and send again.");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidInputException(
            what
                + " contains a lone UTF-16 surrogate (\\u"
                + String.format(Locale.ROOT, "%04x", (int) c)
                + ") at position "
                + (i + 1)
                + ", which is no character. Send valid Unicode text.");
      }
    }
    return text;
  }

  private static InvalidInputException tooDeep(String what) {
    return new InvalidInputException(
        (what.isEmpty() ? "The value" : what)
            + " is nested too deeply: JSON objects and arrays may be nested at most "
            + MAX_DEPTH
            + " levels. Send a flatter value.");
  }

  private static InvalidInputException notFinite(String path) {
    return new InvalidInputException(
        path
            + " is a number out of range (too large for a 64-bit floating point number)."
            + " Send it as a string if it must be that large.");
  }

  private static String kindOf(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
