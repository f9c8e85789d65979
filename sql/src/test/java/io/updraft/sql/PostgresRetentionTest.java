package io.updraft.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.state.RunState;
import io.updraft.testing.PostgresExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(PostgresExtension.class)
class PostgresRetentionTest {
  @RegisterExtension final MigratedDatabase postgres = MigratedDatabase.shared();

  private final DagStructure dag = Fixtures.dag("cleaned", "a", "b");

  @BeforeEach
  void open() {
    new PostgresDagStore(postgres.database()).save(dag, Fixtures.T0);
  }

  private DagRun run(int daysAgo, RunState state) {
    DagRun run =
        postgres
            .runs()
            .createRun(
                NewDagRun.manual("cleaned", Fixtures.T0.minus(Duration.ofDays(daysAgo)), Map.of()),
                dag)
            .orElseThrow();
    postgres.runs().setRunState(run.id(), state, Fixtures.T0.minus(Duration.ofDays(daysAgo)));
    long ti = postgres.runs().taskInstances(run.id()).getFirst().id();
    postgres.xcoms().put(run.id(), "a", "return_value", "1");
    postgres.logs().append(ti, 1, java.util.List.of("line"));
    return run;
  }

  @Test
  void finished_runs_older_than_the_cutoff_go_with_everything_they_own_in_batches() {
    DagRun old1 = run(40, RunState.SUCCESS);
    DagRun old2 = run(35, RunState.FAILED);
    DagRun old3 = run(31, RunState.SUCCESS);
    DagRun recent = run(5, RunState.SUCCESS);
    long oldTask = postgres.runs().taskInstances(old1.id()).getFirst().id();

    int deleted = postgres.retention().deleteRunsBefore(Fixtures.T0.minus(Duration.ofDays(30)), 2);

    assertThat(deleted).isEqualTo(3);
    assertThat(postgres.runs().findRun(old1.id())).isEmpty();
    assertThat(postgres.runs().findRun(old2.id())).isEmpty();
    assertThat(postgres.runs().findRun(old3.id())).isEmpty();
    assertThat(postgres.runs().findTaskInstance(oldTask)).isEmpty();
    assertThat(postgres.xcoms().get(old1.id(), "a", "return_value")).isEmpty();
    assertThat(postgres.logs().read(oldTask, 1)).isEmpty();
    assertThat(postgres.runs().findRun(recent.id())).isPresent();
    assertThat(postgres.xcoms().get(recent.id(), "a", "return_value")).contains("1");
  }

  @Test
  void a_run_still_going_is_never_purged_however_old() {
    DagRun running = run(90, RunState.RUNNING);

    assertThat(postgres.retention().countRunsBefore(Fixtures.T0)).isZero();
    assertThat(postgres.retention().deleteRunsBefore(Fixtures.T0, 100)).isZero();
    assertThat(postgres.runs().findRun(running.id())).isPresent();
  }
}
