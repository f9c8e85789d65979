package io.updraft.core.dag;

import io.updraft.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The stored JSON of a {@link DagStructure}, written by hand for its version hash: the same text,
 * byte for byte, as {@link Json}'s mapper writes, without loading Jackson. A worker hashes each DAG
 * it runs to check a run's version, and would otherwise load the whole mapper (some megabytes of
 * classes) for that alone.
 *
 * <p>A value of a kind written here is written as the mapper writes it: its snake_case names in
 * declaration order, map entries sorted by key, enums by wire name, ISO-8601 instants, JSON strings
 * escaped as the mapper escapes them. A settings, param or mapping value of another kind (some
 * object of the author's own) makes the whole structure go through the mapper instead.
 */
final class StructureJson {
  private final StringBuilder out = new StringBuilder(1024);

  private StructureJson() {}

  /** The JSON {@link DagStructure#toJson()} writes. */
  static String of(DagStructure structure) {
    return byHand(structure).orElseGet(structure::toJson);
  }

  /** The JSON written here, or empty when a value of another kind needs the mapper. */
  static Optional<String> byHand(DagStructure structure) {
    StructureJson json = new StructureJson();
    return json.structure(structure) ? Optional.of(json.out.toString()) : Optional.empty();
  }

  private boolean structure(DagStructure s) {
    out.append('{');
    name("dag_id", true).string(s.dagId());
    name("description", false).string(s.description());
    name("schedule", false).string(s.schedule());
    name("timezone", false).string(s.timezone());
    name("start_date", false).instant(s.startDate());
    name("catchup", false).out.append(s.catchup());
    name("tags", false).strings(s.tags());
    name("tasks", false).out.append('[');
    for (int i = 0; i < s.tasks().size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      if (!task(s.tasks().get(i))) {
        return false;
      }
    }
    out.append(']');
    name("end_date", false).instant(s.endDate());
    name("max_active_runs", false).out.append(s.maxActiveRuns());
    name("max_active_tasks", false).out.append(s.maxActiveTasks());
    name("run_timeout_seconds", false).out.append(s.runTimeoutSeconds());
    name("params", false);
    if (!params(s.params())) {
      return false;
    }
    if (!s.scheduleAssets().isEmpty()) {
      name("schedule_assets", false).assets(s.scheduleAssets());
    }
    if (!s.owners().isEmpty()) {
      name("owners", false).strings(s.owners());
    }
    out.append('}');
    return true;
  }

  private boolean task(TaskNode t) {
    out.append('{');
    name("task_id", true).string(t.taskId());
    name("kind", false).string(t.kind());
    name("upstream", false).strings(t.upstream());
    name("retries", false).out.append(t.retries());
    name("retry_delay_seconds", false).out.append(t.retryDelaySeconds());
    name("queue", false).string(t.queue());
    name("pool", false).string(t.pool());
    name("priority_weight", false).out.append(t.priorityWeight());
    name("settings", false);
    if (!value(t.settings())) {
      return false;
    }
    name("trigger_rule", false).string(t.triggerRule().wireName());
    name("weight_rule", false).string(t.weightRule().wireName());
    name("execution_timeout_seconds", false).out.append(t.executionTimeoutSeconds());
    if (t.mapping() != null) {
      name("mapping", false).out.append('{');
      name("values", true);
      if (!value(t.mapping().values())) {
        return false;
      }
      name("upstream_task_id", false).string(t.mapping().upstreamTaskId());
      out.append('}');
    }
    if (t.maxActiveTisPerDag() != null) {
      name("max_active_tis_per_dag", false).out.append(t.maxActiveTisPerDag());
    }
    if (t.role() != null) {
      name("role", false).string(t.role().wireName());
    }
    if (t.doc() != null) {
      name("doc", false).string(t.doc());
    }
    if (t.group() != null) {
      name("group", false).string(t.group());
    }
    if (t.pastDependency() != null) {
      name("past_dependency", false).string(t.pastDependency().wireName());
    }
    if (!t.outlets().isEmpty()) {
      name("outlets", false).assets(t.outlets());
    }
    out.append('}');
    return true;
  }

  private boolean params(Map<String, Param> params) {
    if (params.keySet().stream().anyMatch(k -> k == null)) {
      return false;
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Param> e : new TreeMap<>(params).entrySet()) {
      name(e.getKey(), first).out.append('{');
      first = false;
      name("default_value", true);
      if (!value(e.getValue().defaultValue())) {
        return false;
      }
      name("type", false).string(e.getValue().type());
      name("required", false).out.append(e.getValue().required());
      name("description", false).string(e.getValue().description());
      out.append('}');
    }
    out.append('}');
    return true;
  }

  private void assets(List<Asset> assets) {
    out.append('[');
    for (int i = 0; i < assets.size(); i++) {
      out.append(i == 0 ? "" : ",").append('{');
      name("uri", true).string(assets.get(i).uri());
      name("name", false).string(assets.get(i).name());
      out.append('}');
    }
    out.append(']');
  }

  /** A JSON value of a kind the mapper writes plainly; false for any other kind. */
  private boolean value(Object value) {
    switch (value) {
      case null -> out.append("null");
      case String s -> string(s);
      case Boolean b -> out.append(b.booleanValue());
      case Integer n -> out.append(n.intValue());
      case Long n -> out.append(n.longValue());
      case Short n -> out.append(n.shortValue());
      case Byte n -> out.append(n.byteValue());
      case BigInteger n -> out.append(n);
      case Double d when Double.isFinite(d) -> out.append(d.doubleValue());
      case Float f when Float.isFinite(f) -> out.append(f.floatValue());
      case BigDecimal d -> out.append(d);
      case Map<?, ?> map -> {
        return map(map);
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          if (!value(list.get(i))) {
            return false;
          }
        }
        out.append(']');
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private boolean map(Map<?, ?> map) {
    // The mapper sorts entries by key, but keeps a sorted map's own order.
    Map<?, ?> sorted = map instanceof SortedMap<?, ?> ? map : null;
    if (sorted == null) {
      TreeMap<String, Object> byKey = new TreeMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          return false;
        }
        byKey.put(key, e.getValue());
      }
      sorted = byKey;
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : sorted.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        return false;
      }
      name(key, first);
      first = false;
      if (!value(e.getValue())) {
        return false;
      }
    }
    out.append('}');
    return true;
  }

  private StructureJson name(String name, boolean first) {
    if (!first) {
      out.append(',');
    }
    string(name);
    out.append(':');
    return this;
  }

  private void strings(List<String> values) {
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(values.get(i));
    }
    out.append(']');
  }

  private void instant(Instant instant) {
    if (instant == null) {
      out.append("null");
    } else {
      out.append('"').append(instant).append('"');
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** A JSON string as the mapper escapes it: quotes, backslashes and control characters only. */
  private void string(String s) {
    if (s == null) {
      out.append("null");
      return;
    }
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
