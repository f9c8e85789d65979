package io.updraft.hooks.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.task.TaskRescheduleException;
import io.updraft.core.task.TaskSkippedException;
import io.updraft.hooks.base.SensorMode;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.base.SensorTimeoutException;
import io.updraft.hooks.testing.TestConnections;
import io.updraft.hooks.testing.TestTaskContext;
import io.updraft.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SQL sensor on PostgreSQL (its own hook and the jdbc conn type) and on H2. */
@ExtendWith(PostgresExtension.class)
class SqlSensorTest {
  private static final SensorSettings QUICK =
      new SensorSettings(Duration.ofMillis(10), Duration.ofSeconds(5), false);

  private Hooks hooks;
  private TestTaskContext context;

  @BeforeEach
  void open() throws Exception {
    hooks =
        Hooks.load(
            ConnectionLookup.of(
                Map.of(
                    "pg", TestConnections.postgres("pg", Map.of()),
                    "jdbc_pg", TestConnections.jdbcPostgres("jdbc_pg"),
                    "jdbc_h2", TestConnections.h2("jdbc_h2", "sqlsensor", "h2-pw-78"))),
            getClass().getClassLoader());
    context =
        new TestTaskContext(
            hooks, Instant.parse("2026-03-01T00:00:00Z"), Map.of("kind", SqlOperatorTest.HOSTILE));
    for (String connId : List.of("pg", "jdbc_h2")) {
      new SqlOperator(
              connId,
              List.of(
                  "drop table if exists loads",
                  "create table loads (on_day date, status varchar(100))"),
              List.of(),
              true)
          .execute(context);
    }
  }

  @AfterEach
  void close() {
    context.close();
    hooks.close();
  }

  private void load(String connId, String status) throws Exception {
    SqlOperator.of(connId, "insert into loads values (cast(? as date), ?)", "{{ ds }}", status)
        .execute(context);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pg", "jdbc_pg", "jdbc_h2"})
  void the_sensor_succeeds_once_the_first_cell_is_truthy(String connId) throws Exception {
    load(connId, "done");
    var sensor =
        new SqlSensor(
            connId,
            "select count(*) from loads where on_day = cast(? as date) and status = 'done'",
            List.of("{{ ds }}"),
            QUICK);

    sensor.execute(context);

    assertThat(context.logLines).anyMatch(l -> l.contains("condition met after 1 poke"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc_pg", "jdbc_h2"})
  void a_hostile_conf_value_is_a_bound_parameter_that_matches_nothing(String connId)
      throws Exception {
    load(connId, "done");
    var sensor =
        new SqlSensor(
            connId,
            "select count(*) from loads where status = ?",
            List.of("{{ conf.kind }}"),
            new SensorSettings(Duration.ofMillis(10), Duration.ofMillis(200), true));

    assertThatThrownBy(() -> sensor.execute(context)).isInstanceOf(TaskSkippedException.class);
    assertThat(
            SqlOperatorTest.lowerKeys(
                SqlOperator.of(connId, "select status from loads").execute(context)))
        .containsExactly(Map.of("status", "done"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pg", "jdbc_h2"})
  void a_value_the_sensor_is_told_means_failure_fails_at_once(String connId) throws Exception {
    load(connId, "error");
    var sensor =
        new SqlSensor(connId, "select status from loads", List.of(), QUICK)
            .failWhen("error"::equals);

    assertThatThrownBy(() -> sensor.execute(context))
        .isInstanceOf(SqlSensorFailedException.class)
        .hasMessageContaining("was error");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pg", "jdbc_h2"})
  void an_empty_result_waits_or_fails_when_asked(String connId) {
    var waits =
        new SqlSensor(
            connId,
            "select status from loads",
            List.of(),
            QUICK.withTimeout(Duration.ofMillis(100)));
    var fails = waits.failOnEmpty(true);

    assertThatThrownBy(() -> waits.execute(context)).isInstanceOf(SensorTimeoutException.class);
    assertThatThrownBy(() -> fails.execute(context))
        .isInstanceOf(SqlSensorFailedException.class)
        .hasMessageContaining("returned no row");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pg", "jdbc_h2"})
  void in_reschedule_mode_an_unmet_poke_frees_the_slot_until_the_next_poke(String connId)
      throws Exception {
    var sensor =
        new SqlSensor(
            connId,
            "select count(*) from loads",
            List.of(),
            SensorSettings.DEFAULT.withMode(SensorMode.RESCHEDULE));

    assertThatThrownBy(() -> sensor.execute(context)).isInstanceOf(TaskRescheduleException.class);
    load(connId, "done");
    sensor.execute(context);
    assertThat(context.logLines).anyMatch(l -> l.startsWith("Sensor condition met"));
  }

  @Test
  void truthiness_follows_airflow() {
    assertThat(SqlSensor.truthy(null)).isFalse();
    assertThat(SqlSensor.truthy(0L)).isFalse();
    assertThat(SqlSensor.truthy("0")).isFalse();
    assertThat(SqlSensor.truthy("")).isFalse();
    assertThat(SqlSensor.truthy(false)).isFalse();
    assertThat(SqlSensor.truthy(new java.math.BigDecimal("0.00"))).isFalse();
    assertThat(SqlSensor.truthy(3)).isTrue();
    assertThat(SqlSensor.truthy("yes")).isTrue();
  }
}
