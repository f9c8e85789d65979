package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.XComStore;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A scheduler and a worker, on real PostgreSQL and Redis, running DAGs from trigger to end. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class EndToEndTest {
  private static final Dag THREE_TASKS =
      Dag.builder("e2e_three_tasks")
          .task(Task.java("extract", ctx -> 21))
          .task(
              Task.java(
                      "transform", ctx -> ctx.xcomPull("extract", Integer.class).orElseThrow() * 2)
                  .after("extract"))
          .task(
              Task.bash("load", "echo loaded {{ ti.xcom_pull('transform') }} for {{ run_id }}")
                  .after("transform"))
          .build();

  private static final Dag FAILING =
      Dag.builder("e2e_failing")
          .task(Task.java("ok", ctx -> "fine"))
          .task(Task.bash("breaks", "echo about to fail; exit 3").after("ok"))
          .task(Task.java("never", ctx -> "unreachable").after("breaks"))
          .build();

  private Backends backends;
  private TestRuns runs;
  private SchedulerService scheduler;
  private Worker worker;

  @BeforeEach
  void start() throws Exception {
    backends = TestRuns.openBackends();
    runs = new TestRuns(backends);
    DagBag dags = DagBag.of(THREE_TASKS, FAILING);
    scheduler = Processes.scheduler(backends, dags);
    scheduler.start();
    worker = Processes.worker(backends, dags, "e2e-worker", List.of("default"), 4);
    worker.start();
  }

  @AfterEach
  void stop() {
    worker.close();
    scheduler.close();
    backends.close();
  }

  @Test
  void a_triggered_three_task_dag_runs_every_task_in_order_and_succeeds() {
    DagRun run = runs.trigger(THREE_TASKS);

    DagRun done = runs.awaitEnd(run);

    assertThat(done.state()).isEqualTo(RunState.SUCCESS);
    assertThat(runs.states(run))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "extract",
                TaskState.SUCCESS,
                "transform",
                TaskState.SUCCESS,
                "load",
                TaskState.SUCCESS));
    assertThat(backends.xcoms.get(run.id(), "transform", XComStore.RETURN_VALUE)).contains("42");
    TaskInstance load = runs.task(run, "load");
    assertThat(backends.logs.read(load.id(), 1))
        .anyMatch(
            line -> line.matches("\\[[-\\d]+T[\\d:.]+Z] loaded 42 for \\Q" + run.runId() + "\\E"));
    TaskInstance transform = runs.task(run, "transform");
    assertThat(load.startDate()).isAfterOrEqualTo(transform.endDate());
  }

  @Test
  void a_failing_task_fails_the_run_and_its_downstream_task_never_runs() {
    DagRun run = runs.trigger(FAILING);

    DagRun done = runs.awaitEnd(run);

    assertThat(done.state()).isEqualTo(RunState.FAILED);
    assertThat(runs.states(run))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ok",
                TaskState.SUCCESS,
                "breaks",
                TaskState.FAILED,
                "never",
                TaskState.UPSTREAM_FAILED));
    TaskInstance never = runs.task(run, "never");
    assertThat(never.startDate()).isNull();
    assertThat(backends.xcoms.get(run.id(), "never", XComStore.RETURN_VALUE)).isEmpty();
  }
}
