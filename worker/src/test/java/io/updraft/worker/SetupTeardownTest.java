package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Setup and teardown tasks through the worker's and the planner's real paths: the teardown runs
 * after failed work, is skipped when there was nothing to tear down, and does not decide the run.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SetupTeardownTest {
  private StepHarness fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  /** create_cluster >> work >> delete_cluster, each step's outcome read from the run's conf. */
  private static Dag clusterDag(String id) {
    return Dag.builder(id)
        .task(Task.java("create_cluster", ctx -> outcome(ctx.conf(), "setup")).asSetup())
        .task(Task.java("work", ctx -> outcome(ctx.conf(), "work")).after("create_cluster"))
        .task(
            Task.java("delete_cluster", ctx -> outcome(ctx.conf(), "teardown"))
                .after("work")
                .asTeardown("create_cluster"))
        .build();
  }

  private static Object outcome(Map<String, Object> conf, String step) {
    if ("fail".equals(conf.get(step))) {
      throw new IllegalStateException(step + " fails as the test asked");
    }
    return step + " done";
  }

  private DagRun runWith(Dag dag, Map<String, Object> conf) {
    fx = new StepHarness(dag);
    DagRun run = fx.trigger(dag, conf);
    fx.tickUntilIdle(20);
    return fx.run(run);
  }

  @Test
  void the_teardown_runs_after_the_work_failed_and_the_run_fails_for_the_work() {
    DagRun run = runWith(clusterDag("td_work_fails"), Map.of("work", "fail"));

    assertThat(fx.task(run, "work").state()).isEqualTo(TaskState.FAILED);
    assertThat(fx.task(run, "delete_cluster").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(run.state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void a_failed_teardown_after_successful_work_leaves_the_run_a_success() {
    DagRun run = runWith(clusterDag("td_teardown_fails"), Map.of("teardown", "fail"));

    assertThat(fx.task(run, "work").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.task(run, "delete_cluster").state()).isEqualTo(TaskState.FAILED);
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
  }

  @Test
  void nothing_is_torn_down_when_the_setup_failed() {
    DagRun run = runWith(clusterDag("td_setup_fails"), Map.of("setup", "fail"));

    assertThat(fx.task(run, "work").state()).isEqualTo(TaskState.UPSTREAM_FAILED);
    assertThat(fx.task(run, "delete_cluster").state()).isEqualTo(TaskState.UPSTREAM_FAILED);
    assertThat(run.state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void a_test_run_treats_setup_and_teardown_as_a_scheduled_run_does() {
    DagTestResult result =
        DagTestRunner.run(clusterDag("td_test_run"), Map.of("work", "fail", "teardown", "fail"));

    assertThat(result.state("work")).isEqualTo(TaskState.FAILED);
    assertThat(result.state("delete_cluster")).isEqualTo(TaskState.FAILED);
    assertThat(result.succeeded()).isFalse();
    DagTestResult cleanupOnly =
        DagTestRunner.run(clusterDag("td_test_run"), Map.of("teardown", "fail"));
    assertThat(cleanupOnly.state("delete_cluster")).isEqualTo(TaskState.FAILED);
    assertThat(cleanupOnly.succeeded()).isTrue();
  }
}
