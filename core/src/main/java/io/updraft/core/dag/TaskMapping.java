package io.updraft.core.dag;

import io.updraft.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a mapped task is expanded into one task instance per value (Airflow's dynamic task mapping):
 * over a list given in the DAG ({@code values}), or over the return value of an upstream task of
 * the same run ({@code upstreamTaskId}), a JSON list or an object (one instance per entry, its
 * value a map of {@code key} and {@code value}). Exactly one of the two is set.
 *
 * @param values the literal values, as JSON would give them back
 * @param upstreamTaskId the task whose return value is expanded over
 */
public record TaskMapping(List<Object> values, String upstreamTaskId) {
  /** Airflow's default max_map_length: more instances than this fail the task instead. */
  public static final int DEFAULT_MAX_LENGTH = 1024;

  public TaskMapping {
    if ((values == null) == (upstreamTaskId == null)) {
      throw new IllegalArgumentException(
          "A mapped task expands over a list or over an upstream task's return value: give one");
    }
    values = values == null ? null : List.copyOf(values);
  }

  /**
   * Over a literal list. Each value must survive JSON (numbers, strings, booleans, lists and maps
   * of them): the DAG's stored structure and each task instance carry it so.
   */
  public static TaskMapping over(List<?> values) {
    if (values == null) {
      throw new IllegalArgumentException("expand(values): the values are null; give a list");
    }
    List<Object> asJson = new ArrayList<>();
    for (Object value : values) {
      if (value == null) {
        throw new IllegalArgumentException(
            "expand(values): a value is null; give values JSON can carry");
      }
      asJson.add(Json.read(Json.write(value), Object.class));
    }
    return new TaskMapping(asJson, null);
  }

  /** Over the return value of {@code upstreamTaskId}. */
  public static TaskMapping overXCom(String upstreamTaskId) {
    if (upstreamTaskId == null || upstreamTaskId.isBlank()) {
      throw new IllegalArgumentException("expandOver(taskId): give the upstream task's id");
    }
    return new TaskMapping(null, upstreamTaskId);
  }

  /**
   * The values, one per instance: the DAG's list, or those of the upstream task's return value,
   * read as JSON by {@code returnValueOf} (empty when the task has none). The scheduler's
   * expansion, the worker's {@code mapValue} and a test run all read them here.
   *
   * <p>An upstream task mapped itself (Airflow's nested mapping, {@code expand} over a mapped
   * task's output) returns its instances' values as one list, in map index order, those of
   * instances that returned nothing or were skipped left out: this task then has one instance per
   * value collected, and none at all is an empty list, which skips it.
   *
   * @param isMapped whether a task of the DAG, by id, is a mapped task
   * @throws IllegalArgumentException naming what the return value was when it is no list or map
   */
  public List<Object> valuesIn(
      Function<String, Optional<String>> returnValueOf, Predicate<String> isMapped) {
    if (values != null) {
      return values;
    }
    Optional<String> json = returnValueOf.apply(upstreamTaskId);
    if (json.isEmpty() && isMapped.test(upstreamTaskId)) {
      return List.of();
    }
    return valuesOf(upstreamTaskId, json.map(j -> Json.read(j, Object.class)).orElse(null));
  }

  /**
   * The values of {@code source}, a task's decoded return value, one per instance: a list's
   * elements, or a map's entries as {@code {key, value}} maps.
   *
   * @throws IllegalArgumentException naming what the value was when it is neither
   */
  public static List<Object> valuesOf(String upstreamTaskId, Object source) {
    if (source instanceof List<?> list) {
      return new ArrayList<>(list);
    }
    if (source instanceof Map<?, ?> map) {
      List<Object> entries = new ArrayList<>();
      map.forEach((k, v) -> entries.add(entry(k, v)));
      return entries;
    }
    throw new IllegalArgumentException(
        "The return value of task '"
            + upstreamTaskId
            + "' is "
            + (source == null ? "missing (null)" : "a " + kindOf(source))
            + ", not a list or a map: a task mapped over it needs one value per instance; return"
            + " a list (or a map) from '"
            + upstreamTaskId
            + "'");
  }

  private static Map<String, Object> entry(Object key, Object value) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("key", key);
    entry.put("value", value);
    return entry;
  }

  private static String kindOf(Object value) {
    return switch (value) {
      case String s -> "string";
      case Number n -> "number";
      case Boolean b -> "boolean";
      default -> value.getClass().getSimpleName();
    };
  }
}
