package io.updraft.hooks.sql;

import io.updraft.core.task.TaskContext;
import io.updraft.hooks.base.Sensor;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.base.TemplatedValues;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Waits until a templated query's first cell is truthy, as Airflow's {@code SqlSensor}, on any SQL
 * connection: met when the first row's first value is not null, 0, false, "0" or empty. With {@link
 * #failWhen} a first cell that matches fails the task at once (Airflow's {@code failure}); with
 * {@link #failOnEmpty} so does a query that returns no row. Parameters are bound, never spliced.
 *
 * <pre>{@code
 * new SqlSensor("warehouse", "select status from loads where day = ?", List.of("{{ ds }}"),
 *         SensorSettings.DEFAULT.withMode(SensorMode.RESCHEDULE))
 *     .failWhen(status -> "error".equals(status))
 * }</pre>
 */
public final class SqlSensor extends Sensor {
  private final String connId;
  private final String sql;
  private final List<Object> parameters;
  private final Predicate<Object> failure;
  private final boolean failOnEmpty;

  public SqlSensor(String connId, String sql, List<?> parameters, SensorSettings settings) {
    this(connId, sql, parameters, settings, null, false);
  }

  private SqlSensor(
      String connId,
      String sql,
      List<?> parameters,
      SensorSettings settings,
      Predicate<Object> failure,
      boolean failOnEmpty) {
    super(settings);
    this.connId = connId;
    this.sql = sql;
    this.parameters = List.copyOf(parameters);
    this.failure = failure;
    this.failOnEmpty = failOnEmpty;
  }

  /** The same sensor, failing the task when the first cell matches {@code failWhen}. */
  public SqlSensor failWhen(Predicate<Object> failWhen) {
    return new SqlSensor(connId, sql, parameters, settings(), failWhen, failOnEmpty);
  }

  /** The same sensor, failing the task when the query returns no row. */
  public SqlSensor failOnEmpty(boolean fail) {
    return new SqlSensor(connId, sql, parameters, settings(), failure, fail);
  }

  @Override
  public String kind() {
    return "sql_sensor";
  }

  @Override
  protected boolean poke(TaskContext context) throws Exception {
    List<Object> params = TemplatedValues.renderList(context, parameters);
    String query = context.render(sql);
    try (SqlHook db = context.hook(connId, SqlHook.class);
        java.sql.Connection c = db.getConnection();
        PreparedStatement s = SqlRows.prepare(c, query, params)) {
      s.setMaxRows(1);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          if (failOnEmpty) {
            throw new SqlSensorFailedException(
                "The query of sensor on '" + connId + "' returned no row: " + query);
          }
          return false;
        }
        Object first = rs.getObject(1);
        if (failure != null && failure.test(first)) {
          throw new SqlSensorFailedException(
              "The first cell of the query on '"
                  + connId
                  + "' was "
                  + first
                  + ", which the sensor's failWhen marks as failed: "
                  + query);
        }
        return truthy(first);
      }
    }
  }

  /** Airflow's truthiness of a first cell. */
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
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("conn_id", connId);
    fields.put("sql", sql);
    fields.put("fail_when", failure != null);
    fields.put("fail_on_empty", failOnEmpty);
    return fields;
  }
}
