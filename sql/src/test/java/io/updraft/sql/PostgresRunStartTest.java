package io.updraft.sql;

import static io.updraft.core.testdata.TaskChangeBuilder.aChange;
import static io.updraft.sql.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunStart;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs started, their roots queued within the limits, in one call of {@code updraft_start_runs}.
 */
@ExtendWith(PostgresExtension.class)
class PostgresRunStartTest {
  private static final Instant AT = T0.plusSeconds(30);

  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  private static final HandOverRuns fx = new HandOverRuns(postgres);

  @Test
  void starting_a_run_queues_its_root_tasks_in_the_same_commit() {
    DagStructure dag = fx.dag("start_roots", "default_pool", 16, "a", "b", "c<a,b");
    DagRun run =
        postgres.runs().createRun(NewDagRun.manual(dag.dagId(), T0, Map.of()), dag).orElseThrow();

    HandedOver started = fx.start(run, 16, 16, List.of("a", "b"), AT).orElseThrow();

    assertThat(postgres.runs().findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    assertThat(postgres.runs().findRun(run.id()).orElseThrow().startDate()).isEqualTo(AT);
    assertThat(started.queued()).extracting(TaskInstance::taskId).containsExactly("a", "b");
    assertThat(started.waiting()).isZero();
    assertThat(fx.ti(run, "a").state()).isEqualTo(TaskState.QUEUED);
    assertThat(fx.ti(run, "c").state()).isEqualTo(TaskState.NONE);
    assertThat(fx.history(fx.ti(run, "a").id())).containsExactly("none->queued");
  }

  @Test
  void a_run_beyond_max_active_runs_stays_queued_with_its_tasks_untouched() {
    DagStructure dag = fx.dag("start_limited", "default_pool", 16, "a");
    DagRun first =
        postgres.runs().createRun(NewDagRun.manual(dag.dagId(), T0, Map.of()), dag).orElseThrow();
    DagRun second =
        postgres
            .runs()
            .createRun(NewDagRun.manual(dag.dagId(), T0.plusSeconds(1), Map.of()), dag)
            .orElseThrow();
    assertThat(fx.start(first, 1, 16, List.of("a"), AT)).isPresent();

    assertThat(fx.start(second, 1, 16, List.of("a"), AT)).isEmpty();
    assertThat(fx.start(first, 1, 16, List.of("a"), AT)).as("started once").isEmpty();

    assertThat(postgres.runs().findRun(second.id()).orElseThrow().state())
        .isEqualTo(RunState.QUEUED);
    assertThat(fx.ti(second, "a").state()).isEqualTo(TaskState.NONE);
  }

  @Test
  void runs_started_together_each_queue_their_roots_within_max_active_runs() {
    DagStructure dag = fx.dag("start_together", "default_pool", 16, "a", "b<a");
    List<DagRun> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      created.add(
          postgres
              .runs()
              .createRun(NewDagRun.manual(dag.dagId(), T0.plusSeconds(i), Map.of()), dag)
              .orElseThrow());
    }

    Map<Long, HandedOver> started =
        postgres
            .runs()
            .startRuns(
                created.stream().map(r -> new RunStart(r, 2, 16, List.of("a"))).toList(), AT);

    assertThat(started).containsOnlyKeys(created.get(0).id(), created.get(1).id());
    assertThat(started.values())
        .allSatisfy(
            h -> assertThat(h.queued()).extracting(TaskInstance::taskId).containsExactly("a"));
    assertThat(started.get(created.get(1).id()).queued().getFirst().runId())
        .isEqualTo(created.get(1).runId());
    assertThat(postgres.runs().findRun(created.get(2).id()).orElseThrow().state())
        .isEqualTo(RunState.QUEUED);
    assertThat(fx.ti(created.get(2), "a").state()).isEqualTo(TaskState.NONE);
  }

  @Test
  void a_cleared_run_queued_again_reports_the_roots_that_are_not_in_state_none() {
    DagStructure dag = fx.dag("start_cleared", "default_pool", 16, "a", "b<a");
    DagRun run = fx.runningRun(dag);
    TaskInstance a = fx.running(run, "a");
    postgres
        .runs()
        .apply(aChange(a.id(), 1).from(TaskState.RUNNING).to(TaskState.SUCCESS).at(AT).build());
    postgres.runs().markRun(run.id(), RunState.QUEUED, AT);

    HandedOver started =
        fx.start(postgres.runs().findRun(run.id()).orElseThrow(), 16, 16, List.of("a"), AT)
            .orElseThrow();

    assertThat(started.waiting()).isEqualTo(1);
    assertThat(started.queued()).isEmpty();
  }
}
