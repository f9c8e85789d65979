package io.updraft.core.dag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's conf checked against the DAG's declared params: defaults filled in, each given value of
 * its declared type, required ones present. Keys that are not declared pass through, as in Airflow.
 */
public final class DagParams {
  private DagParams() {}

  /** The conf with defaults filled in; throws naming the DAG and every problem found. */
  public static Map<String, Object> resolve(
      String dagId, Map<String, Param> declared, Map<String, Object> conf) {
    Map<String, Object> resolved = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    declared.forEach(
        (name, param) -> {
          Object value = conf.containsKey(name) ? conf.get(name) : param.defaultValue();
          if (value == null && param.required()) {
            problems.add(
                "param '"
                    + name
                    + "' is required"
                    + (param.type() == null ? "" : " (" + param.type() + ")")
                    + ": pass it in --conf, e.g. '{\""
                    + name
                    + "\": ...}'");
          } else if (!param.accepts(value)) {
            problems.add(
                "param '"
                    + name
                    + "' must be of type "
                    + param.type()
                    + ", got "
                    + (Param.typeOf(value) == null ? "null" : "a " + Param.typeOf(value))
                    + " ("
                    + value
                    + ")");
          }
          if (value != null) {
            resolved.put(name, value);
          }
        });
    conf.forEach(resolved::putIfAbsent);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid conf for DAG '" + dagId + "': " + String.join("; ", problems));
    }
    return resolved;
  }
}
