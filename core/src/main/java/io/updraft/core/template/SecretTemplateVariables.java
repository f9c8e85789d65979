package io.updraft.core.template;

import io.updraft.core.connection.Connection;
import io.updraft.core.json.Json;
import io.updraft.core.task.TaskContext;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Airflow's {@code var} and {@code conn} in templates: {@code {{ var.value.region }}}, {@code {{
 * var.json.limits.max }}}, {@code {{ conn.sales_db.host }}}. Values are looked up only when a
 * template uses them, so a task pays for the secrets it reads and no more.
 */
final class SecretTemplateVariables {
  private SecretTemplateVariables() {}

  static Map<String, Object> var(TaskContext context) {
    return Map.of(
        "value", new Lookup(context::variable),
        "json", new Lookup(key -> Json.read(context.variable(key), Object.class)));
  }

  static Map<String, Object> conn(TaskContext context) {
    return new Lookup(connId -> fields(context.connection(connId)));
  }

  private static Map<String, Object> fields(Connection c) {
    Map<String, Object> fields = c.fields();
    fields.put("extra_dejson", c.extra());
    return fields;
  }

  /** A map whose values are computed on access; it cannot be listed. */
  private static final class Lookup extends AbstractMap<String, Object> {
    private final Function<String, Object> lookup;

    Lookup(Function<String, Object> lookup) {
      this.lookup = lookup;
    }

    @Override
    public Object get(Object key) {
      return key instanceof String name ? lookup.apply(name) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return Set.of();
    }
  }
}
