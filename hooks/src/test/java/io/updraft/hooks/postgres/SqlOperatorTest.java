package io.updraft.hooks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.task.TaskSkippedException;
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

@ExtendWith(PostgresExtension.class)
class SqlOperatorTest {
  private Hooks hooks;
  private TestTaskContext context;

  @BeforeEach
  void open() throws Exception {
    hooks =
        Hooks.load(
            ConnectionLookup.of(Map.of("pg", TestConnections.postgres("pg", Map.of()))),
            getClass().getClassLoader());
    context = new TestTaskContext(hooks, Instant.parse("2026-03-01T00:00:00Z"));
    new SqlOperator(
            "pg",
            List.of(
                "drop table if exists op_events",
                "create table op_events (day date, kind text, n int)"),
            List.of(),
            true)
        .execute(context);
  }

  @AfterEach
  void close() {
    context.close();
    hooks.close();
  }

  @Test
  void templated_sql_and_parameters_are_rendered_and_the_last_query_returns_rows()
      throws Exception {
    var insert =
        new SqlOperator(
            "pg",
            List.of(
                "insert into op_events values (cast(? as date), ?, 1)",
                "select kind, day::text as day from op_events where day = '{{ ds }}'"),
            List.of("{{ ds }}", "run {{ ds_nodash }}"),
            false);

    Object rows = insert.execute(context);

    assertThat(rows).isEqualTo(List.of(Map.of("kind", "run 20260301", "day", "2026-03-01")));
    assertThat(context.logLines).anyMatch(l -> l.contains("where day = '2026-03-01'"));
  }

  @Test
  void a_failing_statement_rolls_back_the_ones_before_it() throws Exception {
    var broken =
        new SqlOperator(
            "pg",
            List.of("insert into op_events values (now(), 'x', 1)", "select * from no_such_table"),
            List.of(),
            false);

    assertThatThrownBy(() -> broken.execute(context)).hasMessageContaining("no_such_table");
    assertThat(SqlOperator.of("pg", "select count(*) as n from op_events").execute(context))
        .isEqualTo(List.of(Map.of("n", 0L)));
  }

  @Test
  void the_sql_sensor_succeeds_once_the_first_cell_is_truthy() throws Exception {
    SqlOperator.of("pg", "insert into op_events values (cast(? as date), 'ready', 1)", "{{ ds }}")
        .execute(context);
    var sensor =
        new SqlSensor(
            "pg",
            "select count(*) from op_events where day = cast(? as date) and kind = 'ready'",
            List.of("{{ ds }}"),
            new SensorSettings(Duration.ofMillis(10), Duration.ofSeconds(5), false));

    sensor.execute(context);

    assertThat(context.logLines).anyMatch(l -> l.contains("condition met after 1 poke"));
  }

  @Test
  void the_sql_sensor_times_out_or_skips_with_soft_fail() {
    // A second poke within the timeout even when a loaded machine makes the first one slow.
    var settings = new SensorSettings(Duration.ofMillis(20), Duration.ofSeconds(1), false);
    var hard = new SqlSensor("pg", "select count(*) from op_events", List.of(), settings);
    var soft =
        new SqlSensor(
            "pg", "select count(*) from op_events", List.of(), settings.withSoftFail(true));

    assertThatThrownBy(() -> hard.execute(context))
        .isInstanceOf(SensorTimeoutException.class)
        .hasMessageContaining("select count(*) from op_events");
    assertThatThrownBy(() -> soft.execute(context)).isInstanceOf(TaskSkippedException.class);
    assertThat(context.logLines).anyMatch(l -> l.startsWith("Poke 2: not yet"));
  }

  @Test
  void truthiness_follows_airflow() {
    assertThat(SqlSensor.truthy(null)).isFalse();
    assertThat(SqlSensor.truthy(0L)).isFalse();
    assertThat(SqlSensor.truthy("0")).isFalse();
    assertThat(SqlSensor.truthy("")).isFalse();
    assertThat(SqlSensor.truthy(false)).isFalse();
    assertThat(SqlSensor.truthy(3)).isTrue();
    assertThat(SqlSensor.truthy("yes")).isTrue();
  }
}
