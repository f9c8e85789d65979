package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * depends_on_past across two scheduled runs through the worker and the scheduler's planning, on
 * real PostgreSQL and Redis: the later run's task waits for the earlier run's, and goes once that
 * one succeeded, picked up by the planning of active runs without an event of its own.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class DependsOnPastTest {
  private static final AtomicBoolean SOURCE_READY = new AtomicBoolean();

  private static final Dag DAG =
      Dag.builder("crossdag_depends_on_past")
          .task(Task.java("extract", ctx -> "rows"))
          .task(
              Task.java(
                      "load",
                      ctx -> {
                        if (!SOURCE_READY.get()) {
                          throw new IllegalStateException("source not ready");
                        }
                        return "loaded";
                      })
                  .after("extract")
                  .dependsOnPast()
                  .retries(1)
                  .retryDelay(Duration.ofMinutes(1)))
          .build();

  private static final AtomicBoolean PUBLISHER_UP = new AtomicBoolean();

  private static final Dag WAITS_FOR_DOWNSTREAM =
      Dag.builder("crossdag_wait_for_downstream")
          .task(Task.java("watermark", ctx -> "marked").waitForDownstream())
          .task(
              Task.java(
                      "publish",
                      ctx -> {
                        if (!PUBLISHER_UP.get()) {
                          throw new IllegalStateException("publisher down");
                        }
                        return "published";
                      })
                  .after("watermark")
                  .retries(1)
                  .retryDelay(Duration.ofMinutes(1)))
          .build();

  private StepHarness fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private DagRun scheduled(Instant start) {
    return scheduled(DAG, start);
  }

  private DagRun scheduled(Dag dag, Instant start) {
    return fx.start(dag, NewDagRun.scheduled(dag.id(), start, start.plus(Duration.ofDays(1))));
  }

  @Test
  void a_later_runs_task_waits_for_its_instance_in_the_run_before_and_goes_once_it_succeeded() {
    SOURCE_READY.set(false);
    fx = new StepHarness(DAG);
    Instant day1 = StepHarness.T0.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));

    DagRun first = scheduled(day1);
    fx.tickUntilIdle(20);
    assertThat(fx.task(first, "load").state()).isEqualTo(TaskState.UP_FOR_RETRY);

    DagRun second = scheduled(day1.plus(Duration.ofDays(1)));
    fx.tickUntilIdle(20);
    // Its upstream task succeeded, but the run before has not finished this task yet.
    assertThat(fx.task(second, "extract").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.task(second, "load").state()).isEqualTo(TaskState.NONE);

    SOURCE_READY.set(true);
    int eventsBefore = fx.events().size();
    fx.advance(Duration.ofMinutes(1));
    fx.tickUntilIdle(20);

    assertThat(fx.task(first, "load").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.task(second, "load").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.run(first).state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.run(second).state()).isEqualTo(RunState.SUCCESS);
    // The first run's success told the scheduler of that run only: the waiting run was found by
    // planning the active runs, with no event of its own.
    assertThat(fx.events().subList(eventsBefore, fx.events().size()).getFirst())
        .isEqualTo(first.id());
  }

  @Test
  void the_first_run_has_no_run_before_and_its_task_goes() {
    SOURCE_READY.set(true);
    fx = new StepHarness(DAG);

    DagRun first = scheduled(StepHarness.T0.truncatedTo(ChronoUnit.DAYS));
    fx.tickUntilIdle(20);

    assertThat(fx.task(first, "load").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.run(first).state()).isEqualTo(RunState.SUCCESS);
  }

  @Test
  void wait_for_downstream_holds_the_task_until_its_previous_instances_downstream_task_succeeded() {
    PUBLISHER_UP.set(false);
    fx = new StepHarness(WAITS_FOR_DOWNSTREAM);
    Instant day1 = StepHarness.T0.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));

    DagRun first = scheduled(WAITS_FOR_DOWNSTREAM, day1);
    fx.tickUntilIdle(20);
    DagRun second = scheduled(WAITS_FOR_DOWNSTREAM, day1.plus(Duration.ofDays(1)));
    fx.tickUntilIdle(20);

    // The first run's watermark succeeded, but what it feeds has not: the second one waits.
    assertThat(fx.task(first, "watermark").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.task(first, "publish").state()).isEqualTo(TaskState.UP_FOR_RETRY);
    assertThat(fx.task(second, "watermark").state()).isEqualTo(TaskState.NONE);

    PUBLISHER_UP.set(true);
    fx.advance(Duration.ofMinutes(1));
    fx.tickUntilIdle(20);

    assertThat(fx.run(first).state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.task(second, "watermark").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.run(second).state()).isEqualTo(RunState.SUCCESS);
  }
}
