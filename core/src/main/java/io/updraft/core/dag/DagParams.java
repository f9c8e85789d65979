package io.updraft.core.dag;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's conf checked against the DAG's declared params: defaults filled in, each given value of
 * its declared type, required ones present. Keys that are not declared pass through, as in Airflow.
 * Every way of creating a run (API, UI, command line, backfill, schedule) goes through here.
 */
public final class DagParams {
  private static final int SHOWN_VALUE_LENGTH = 40;

  private DagParams() {}

  /**
   * The conf with defaults filled in.
   *
   * @throws InvalidParamsException naming the DAG and every problem found, by param
   */
  public static Map<String, Object> resolve(
      String dagId, Map<String, Param> declared, Map<String, Object> conf) {
    Map<String, Object> resolved = new LinkedHashMap<>();
    Map<String, String> problems = new LinkedHashMap<>();
    declared.forEach(
        (name, param) -> {
          Object value = conf.containsKey(name) ? conf.get(name) : param.defaultValue();
          if (value == null && param.required()) {
            problems.put(
                name,
                "param '"
                    + name
                    + "' is required"
                    + (param.type() == null ? "" : " (" + param.type() + ")")
                    + ": pass it in the run's conf, e.g. {\""
                    + name
                    + "\": "
                    + example(param.type())
                    + "}");
          } else if (!param.accepts(value)) {
            problems.put(
                name,
                "param '"
                    + name
                    + "' must be of type "
                    + param.type()
                    + ", got "
                    + (Param.typeOf(value) == null ? "null" : "a " + Param.typeOf(value))
                    + " ("
                    + shown(value)
                    + "): send it as {\""
                    + name
                    + "\": "
                    + example(param.type())
                    + "}");
          }
          if (value != null) {
            resolved.put(name, value);
          }
        });
    conf.forEach(resolved::putIfAbsent);
    if (!problems.isEmpty()) {
      throw new InvalidParamsException(dagId, problems);
    }
    return resolved;
  }

  /** A value of the type as JSON, so the message shows how to write one. */
  private static String example(String type) {
    return switch (type == null ? "" : type) {
      case "string" -> "\"text\"";
      case "integer" -> "10";
      case "number" -> "1.5";
      case "boolean" -> "true";
      case "object" -> "{\"key\": \"value\"}";
      case "array" -> "[1, 2]";
      default -> "...";
    };
  }

  private static String shown(Object value) {
    String text = String.valueOf(value);
    return text.length() <= SHOWN_VALUE_LENGTH
        ? text
        : text.substring(0, SHOWN_VALUE_LENGTH) + "...";
  }
}
