package io.updraft.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON mapping of the project: snake_case names (as Airflow's API), ISO-8601 times. Stored
 * structures, XCom values, run conf and the API all use it, so they read what each other writes.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot read JSON as " + type.getSimpleName(), e);
    }
  }

  /**
   * Parses a JSON object given by a user (a run's conf, say), with an error that says where it went
   * wrong.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String json, String what) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    Object value;
    try {
      value = MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          what
              + " is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "): "
              + e.getOriginalMessage()
              + ". Expected a JSON object such as {\"key\": \"value\"}",
          e);
    }
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(
          what + " must be a JSON object such as {\"key\": \"value\"}, got: " + json);
    }
    return new LinkedHashMap<>((Map<String, Object>) value);
  }
}
