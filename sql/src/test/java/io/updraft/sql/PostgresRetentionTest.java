package io.updraft.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.state.RunState;
import io.updraft.testing.PostgresExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresRetentionTest {
  private Database database;
  private PostgresRunStore runs;
  private PostgresXComStore xcoms;
  private PostgresTaskLogStore logs;
  private PostgresRetention retention;
  private final DagStructure dag = Fixtures.dag("cleaned", "a", "b");

  @BeforeEach
  void open() {
    database = Fixtures.migratedDatabase();
    new PostgresDagStore(database).save(dag, Fixtures.T0);
    runs = new PostgresRunStore(database, Fixtures.CLOCK);
    xcoms = new PostgresXComStore(database);
    logs = new PostgresTaskLogStore(database);
    retention = new PostgresRetention(database);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private DagRun run(int daysAgo, RunState state) {
    DagRun run =
        runs.createRun(
                NewDagRun.manual("cleaned", Fixtures.T0.minus(Duration.ofDays(daysAgo)), Map.of()),
                dag)
            .orElseThrow();
    runs.setRunState(run.id(), state, Fixtures.T0.minus(Duration.ofDays(daysAgo)));
    long ti = runs.taskInstances(run.id()).getFirst().id();
    xcoms.put(run.id(), "a", "return_value", "1");
    logs.append(ti, 1, java.util.List.of("line"));
    return run;
  }

  @Test
  void finished_runs_older_than_the_cutoff_go_with_everything_they_own_in_batches() {
    DagRun old1 = run(40, RunState.SUCCESS);
    DagRun old2 = run(35, RunState.FAILED);
    DagRun old3 = run(31, RunState.SUCCESS);
    DagRun recent = run(5, RunState.SUCCESS);
    long oldTask = runs.taskInstances(old1.id()).getFirst().id();

    int deleted = retention.deleteRunsBefore(Fixtures.T0.minus(Duration.ofDays(30)), 2);

    assertThat(deleted).isEqualTo(3);
    assertThat(runs.findRun(old1.id())).isEmpty();
    assertThat(runs.findRun(old2.id())).isEmpty();
    assertThat(runs.findRun(old3.id())).isEmpty();
    assertThat(runs.findTaskInstance(oldTask)).isEmpty();
    assertThat(xcoms.get(old1.id(), "a", "return_value")).isEmpty();
    assertThat(logs.read(oldTask, 1)).isEmpty();
    assertThat(runs.findRun(recent.id())).isPresent();
    assertThat(xcoms.get(recent.id(), "a", "return_value")).contains("1");
  }

  @Test
  void a_run_still_going_is_never_purged_however_old() {
    DagRun running = run(90, RunState.RUNNING);

    assertThat(retention.countRunsBefore(Fixtures.T0)).isZero();
    assertThat(retention.deleteRunsBefore(Fixtures.T0, 100)).isZero();
    assertThat(runs.findRun(running.id())).isPresent();
  }
}
