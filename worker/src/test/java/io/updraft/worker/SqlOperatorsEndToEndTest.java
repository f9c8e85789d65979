package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.connection.Connection;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.EnvironmentSecretsBackend;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.hooks.base.SensorMode;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.sql.SqlOperator;
import io.updraft.hooks.sql.SqlSensor;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TestDatabase;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Java DAG of SQL operators and a SQL sensor in reschedule mode, run by the worker's task runner
 * on real PostgreSQL and Redis against two databases through the jdbc conn type: H2 in memory and
 * PostgreSQL. A hostile conf value travels as a bound parameter, lands as data and runs nothing.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SqlOperatorsEndToEndTest {
  private static final String HOSTILE = "x'); drop table e2e_notes; --";
  private static final String H2_URL = "jdbc:h2:mem:sql_e2e;DB_CLOSE_DELAY=-1";
  private static final String H2_PASSWORD = "h2-e2e-pw-31";

  private StepHarness fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private static Dag dag(String connId) {
    return Dag.builder("sql_e2e_" + connId)
        .defaultRetries(0)
        .task(
            Task.of(
                "create",
                new SqlOperator(
                    connId,
                    List.of(
                        "drop table if exists e2e_notes",
                        "drop table if exists e2e_ready",
                        "create table e2e_notes (note varchar(200))",
                        "create table e2e_ready (ok int)"),
                    List.of(),
                    true)))
        .task(
            Task.of(
                    "insert",
                    SqlOperator.of(connId, "insert into e2e_notes values (?)", "{{ conf.note }}"))
                .after("create"))
        .task(
            Task.of(
                    "wait",
                    new SqlSensor(
                        connId,
                        "select count(*) from e2e_ready",
                        List.of(),
                        SensorSettings.DEFAULT
                            .withPokeInterval(Duration.ofMinutes(1))
                            .withMode(SensorMode.RESCHEDULE)))
                .after("insert"))
        .task(Task.of("report", SqlOperator.of(connId, "select note from e2e_notes")).after("wait"))
        .build();
  }

  private static SecretsChain connections() {
    TestDatabase db = PostgresExtension.database();
    Connection h2 =
        new Connection(
            "jdbc_h2",
            "jdbc",
            null,
            H2_URL,
            "sa",
            H2_PASSWORD,
            null,
            null,
            Map.of("driver_class", "org.h2.Driver"));
    Connection pg =
        new Connection(
            "jdbc_pg", "jdbc", null, db.jdbcUrl(), db.user(), db.password(), null, null, Map.of());
    return new SecretsChain(
        List.of(
            new EnvironmentSecretsBackend(
                Map.of("UPDRAFT_CONN_JDBC_H2", h2.toJson(), "UPDRAFT_CONN_JDBC_PG", pg.toJson()))),
        Duration.ofSeconds(60),
        Clock.systemUTC(),
        SecretsAudit.none(),
        new SecretMasker());
  }

  private static java.sql.Connection direct(String connId) throws Exception {
    TestDatabase db = PostgresExtension.database();
    return connId.equals("jdbc_h2")
        ? DriverManager.getConnection(H2_URL, "sa", H2_PASSWORD)
        : DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc_h2", "jdbc_pg"})
  void a_dag_writes_with_bound_conf_waits_in_reschedule_mode_and_returns_rows(String connId)
      throws Exception {
    Dag dag = dag(connId);
    fx = new StepHarness(connections(), dag);
    DagRun run = fx.trigger(dag, Map.of("note", HOSTILE));

    fx.tickUntilIdle(20);
    assertThat(fx.task(run, "insert").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.task(run, "wait").state()).isEqualTo(TaskState.UP_FOR_RESCHEDULE);

    try (java.sql.Connection c = direct(connId);
        var s = c.createStatement()) {
      s.execute("insert into e2e_ready values (1)");
    }
    fx.advance(Duration.ofMinutes(1));
    fx.tickUntilIdle(20);

    assertThat(fx.run(run).state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.task(run, "wait").tryNumber()).isEqualTo(1);
    assertThat(fx.log(run, "wait", 1)).contains("Sensor condition met");
    String xcom = fx.xcoms.get(run.id(), "report", XComStore.RETURN_VALUE).orElseThrow();
    assertThat(xcom.toLowerCase(java.util.Locale.ROOT))
        .contains("\"note\": \"x'); drop table e2e_notes; --\"");
  }
}
