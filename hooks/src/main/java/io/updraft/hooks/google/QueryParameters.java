package io.updraft.hooks.google;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named query parameters in BigQuery's REST form, typed from their Java values. */
final class QueryParameters {
  private QueryParameters() {}

  static List<Map<String, Object>> of(Map<String, ?> params) {
    List<Map<String, Object>> list = new ArrayList<>();
    params.forEach(
        (name, value) -> {
          Map<String, Object> parameter = new LinkedHashMap<>();
          parameter.put("name", name);
          parameter.put("parameterType", Map.of("type", typeOf(value)));
          parameter.put("parameterValue", Map.of("value", String.valueOf(value)));
          list.add(parameter);
        });
    return list;
  }

  private static String typeOf(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return "INT64";
    }
    if (value instanceof Number) {
      return "FLOAT64";
    }
    if (value instanceof Boolean) {
      return "BOOL";
    }
    if (value instanceof java.time.LocalDate) {
      return "DATE";
    }
    return "STRING";
  }
}
