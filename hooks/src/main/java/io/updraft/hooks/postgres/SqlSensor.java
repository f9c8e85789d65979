package io.updraft.hooks.postgres;

import io.updraft.core.task.TaskContext;
import io.updraft.hooks.base.Sensor;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.base.TemplatedValues;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Waits until a templated query's first cell is truthy, as Airflow's {@code SqlSensor}: a row whose
 * first value is not null, 0, false or empty.
 */
public final class SqlSensor extends Sensor {
  private final String connId;
  private final String sql;
  private final List<Object> parameters;

  public SqlSensor(String connId, String sql, List<?> parameters, SensorSettings settings) {
    super(settings);
    this.connId = connId;
    this.sql = sql;
    this.parameters = List.copyOf(parameters);
  }

  @Override
  public String kind() {
    return "sql_sensor";
  }

  @Override
  protected boolean poke(TaskContext context) throws Exception {
    Object[] params = TemplatedValues.renderList(context, parameters).toArray();
    try (PostgresHook db = context.hook(connId, PostgresHook.class)) {
      Optional<Map<String, Object>> row = db.firstRow(context.render(sql), params);
      return row.isPresent() && truthy(row.get().values().iterator().next());
    }
  }

  static boolean truthy(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    String text = value.toString();
    return !text.isEmpty() && !text.equals("0");
  }

  @Override
  protected String awaited(TaskContext context) {
    return "a truthy first cell from '" + connId + "': " + context.render(sql);
  }

  @Override
  protected Map<String, Object> describeSensor() {
    return Map.of("conn_id", connId, "sql", sql);
  }
}
