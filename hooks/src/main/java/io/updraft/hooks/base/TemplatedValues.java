package io.updraft.hooks.base;

import io.updraft.core.task.TaskContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders templated operator fields: every string, also inside maps and lists (a BigQuery job
 * configuration, HTTP headers, SQL parameters), is a template rendered with the task's values.
 */
public final class TemplatedValues {
  private TemplatedValues() {}

  public static Object render(TaskContext context, Object value) {
    if (value instanceof String text) {
      return context.render(text);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> rendered = new LinkedHashMap<>();
      map.forEach((k, v) -> rendered.put(context.render(String.valueOf(k)), render(context, v)));
      return rendered;
    }
    if (value instanceof List<?> list) {
      List<Object> rendered = new ArrayList<>(list.size());
      list.forEach(v -> rendered.add(render(context, v)));
      return rendered;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> renderMap(TaskContext context, Map<String, ?> map) {
    return (Map<String, Object>) render(context, map);
  }

  @SuppressWarnings("unchecked")
  public static List<Object> renderList(TaskContext context, List<?> list) {
    return (List<Object>) render(context, list);
  }
}
