package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskCallbacks;
import io.updraft.core.run.DagRun;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Task callbacks through the worker's own runner on real PostgreSQL and Redis: each runs once, with
 * the try's context, after its outcome is recorded, logs to the try's log, and never changes the
 * outcome when it throws.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TaskCallbacksTest {
  private final Queue<String> calls = new ConcurrentLinkedQueue<>();
  private StepHarness fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private void awaitCalls(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() >= count);
  }

  @Test
  void a_failing_task_calls_on_retry_then_on_failure_each_once_after_its_outcome_is_recorded() {
    Dag[] dag = new Dag[1];
    DagRun[] run = new DagRun[1];
    dag[0] =
        Dag.builder("callbacks_failing")
            .task(
                Task.java(
                        "flaky",
                        ctx -> {
                          throw new IllegalStateException("no data yet");
                        })
                    .retries(1)
                    .retryDelay(Duration.ofMinutes(1))
                    .onRetry(
                        ctx ->
                            calls.add(
                                "retry "
                                    + ctx.tryNumber()
                                    + " "
                                    + fx.task(run[0], ctx.taskId()).state()))
                    .onFailure(
                        ctx ->
                            calls.add(
                                "failure "
                                    + ctx.tryNumber()
                                    + " "
                                    + fx.task(run[0], ctx.taskId()).state()
                                    + " "
                                    + ctx.render("{{ dag_id }}/{{ run_id }}"))))
            .build();
    fx = new StepHarness(dag[0]);

    run[0] = fx.trigger(dag[0]);
    fx.tickUntilIdle(20);
    awaitCalls(1);
    fx.advance(Duration.ofMinutes(2));
    fx.tickUntilIdle(20);
    awaitCalls(2);

    assertThat(List.copyOf(calls))
        .containsExactly(
            "retry 1 UP_FOR_RETRY", "failure 2 FAILED callbacks_failing/" + fx.run(run[0]).runId());
    assertThat(fx.run(run[0]).state()).isEqualTo(RunState.FAILED);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.log(run[0], "flaky", 2).contains("Running the onFailure callback"));
  }

  @Test
  void on_execute_runs_before_the_operator_and_on_success_after_both_in_the_try_log() {
    Dag dag =
        Dag.builder("callbacks_succeeding")
            .task(
                Task.java(
                        "load",
                        ctx -> {
                          calls.add("operator");
                          return 1;
                        })
                    .onExecute(ctx -> calls.add("execute"))
                    .onSuccess(
                        ctx -> {
                          ctx.log().info("told the team about " + ctx.taskId());
                          calls.add("success");
                        }))
            .build();
    fx = new StepHarness(dag);

    DagRun run = fx.trigger(dag);
    fx.tickUntilIdle(20);
    awaitCalls(3);

    assertThat(List.copyOf(calls)).containsExactly("execute", "operator", "success");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fx.log(run, "load", 1))
                    .contains("Running the onExecute callback")
                    .contains("Running the onSuccess callback")
                    .contains("told the team about load"));
  }

  @Test
  void a_throwing_callback_is_logged_and_the_outcome_stays() {
    Dag dag =
        Dag.builder("callbacks_throwing")
            .task(
                Task.java("extract", ctx -> 1)
                    .onExecute(
                        ctx -> {
                          throw new IllegalStateException("execute callback broke");
                        })
                    .onSuccess(
                        ctx -> {
                          calls.add("success");
                          throw new IllegalStateException("success callback broke");
                        }))
            .task(Task.java("load", ctx -> 2).after("extract"))
            .build();
    fx = new StepHarness(dag);

    DagRun run = fx.trigger(dag);
    fx.tickUntilIdle(20);
    awaitCalls(1);

    assertThat(fx.task(run, "extract").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.task(run, "load").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.run(run).state()).isEqualTo(RunState.SUCCESS);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fx.log(run, "extract", 1))
                    .contains("The onExecute callback failed")
                    .contains("execute callback broke")
                    .contains("The onSuccess callback failed")
                    .contains("success callback broke"));
  }

  @Test
  void the_dags_default_callbacks_apply_to_tasks_without_their_own() {
    Dag dag =
        Dag.builder("callbacks_defaults")
            .defaultCallbacks(
                TaskCallbacks.NONE.withOnSuccess(ctx -> calls.add("default " + ctx.taskId())))
            .task(Task.java("plain", ctx -> 1))
            .task(
                Task.java("own", ctx -> 2)
                    .after("plain")
                    .onSuccess(ctx -> calls.add("own " + ctx.taskId())))
            .build();
    fx = new StepHarness(dag);

    fx.trigger(dag);
    fx.tickUntilIdle(20);
    awaitCalls(2);

    assertThat(calls).containsExactlyInAnyOrder("default plain", "own own");
  }
}
