package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.hooks.base.SensorMode;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.dagrun.ExternalTaskSensor;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ExternalTaskSensor run by the worker's task runner on real PostgreSQL and Redis, in reschedule
 * mode: another DAG's task or whole run, at a shifted logical date, and its failed states.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ExternalTaskSensorTest {
  private static final SensorSettings EVERY_MINUTE =
      SensorSettings.DEFAULT
          .withPokeInterval(Duration.ofMinutes(1))
          .withMode(SensorMode.RESCHEDULE);

  private static final Dag UPSTREAM =
      Dag.builder("crossdag_upstream")
          .task(Task.java("load", ctx -> "loaded"))
          .task(Task.java("check", ctx -> "checked").after("load"))
          .build();

  private static final Dag FAILING_UPSTREAM =
      Dag.builder("crossdag_failing_upstream")
          .task(
              Task.java(
                      "load",
                      ctx -> {
                        throw new IllegalStateException("no data");
                      })
                  .retries(0))
          .build();

  private static final Dag WAITS_AN_HOUR_BACK =
      Dag.builder("crossdag_waits_for_task")
          .task(
              Task.of(
                  "wait",
                  ExternalTaskSensor.task("crossdag_upstream", "load")
                      .withExecutionDelta(Duration.ofHours(1))
                      .withSettings(EVERY_MINUTE)))
          .task(Task.java("after", ctx -> "went on").after("wait"))
          .build();

  private static final Dag WAITS_FOR_THE_RUN =
      Dag.builder("crossdag_waits_for_run")
          .task(
              Task.of(
                  "wait", ExternalTaskSensor.run("crossdag_upstream").withSettings(EVERY_MINUTE)))
          .build();

  private static final Dag WAITS_FOR_A_FAILURE =
      Dag.builder("crossdag_waits_for_failure")
          .task(
              Task.of(
                      "wait",
                      ExternalTaskSensor.task("crossdag_failing_upstream", "load")
                          .withSettings(EVERY_MINUTE))
                  .retries(0))
          .build();

  private StepHarness fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private DagRun runAt(Dag dag, Instant logicalDate) {
    return fx.start(dag, NewDagRun.manual(dag.id(), logicalDate, Map.of()));
  }

  @Test
  void a_sensor_waits_for_another_dags_task_of_the_shifted_logical_date_then_goes_on() {
    fx = new StepHarness(UPSTREAM, WAITS_AN_HOUR_BACK);
    DagRun waiting = fx.trigger(WAITS_AN_HOUR_BACK);
    fx.tickUntilIdle(20);
    assertThat(fx.task(waiting, "wait").state()).isEqualTo(TaskState.UP_FOR_RESCHEDULE);

    // The upstream DAG's run of the same date is not the one awaited: an hour before is.
    DagRun sameDate = runAt(UPSTREAM, waiting.logicalDate());
    fx.tickUntilIdle(20);
    fx.advance(Duration.ofMinutes(1));
    fx.tickUntilIdle(20);
    assertThat(fx.run(sameDate).state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.task(waiting, "wait").state()).isEqualTo(TaskState.UP_FOR_RESCHEDULE);

    runAt(UPSTREAM, waiting.logicalDate().minus(Duration.ofHours(1)));
    fx.tickUntilIdle(20);
    fx.advance(Duration.ofMinutes(1));
    fx.tickUntilIdle(20);

    assertThat(fx.task(waiting, "wait").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.task(waiting, "wait").tryNumber()).isEqualTo(1);
    assertThat(fx.run(waiting).state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.log(waiting, "wait", 1))
        .contains("Sensor condition met: task 'load' of DAG 'crossdag_upstream' of logical date");
  }

  @Test
  void a_sensor_of_a_whole_run_waits_until_every_task_of_it_ended() {
    fx = new StepHarness(UPSTREAM, WAITS_FOR_THE_RUN);
    DagRun waiting = fx.trigger(WAITS_FOR_THE_RUN);
    DagRun upstream = runAt(UPSTREAM, waiting.logicalDate());

    fx.tickUntilIdle(20);
    fx.advance(Duration.ofMinutes(1));
    fx.tickUntilIdle(20);

    assertThat(fx.run(upstream).state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.task(waiting, "wait").state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  void a_sensor_fails_at_once_when_the_awaited_task_failed() {
    fx = new StepHarness(FAILING_UPSTREAM, WAITS_FOR_A_FAILURE);
    DagRun waiting = fx.trigger(WAITS_FOR_A_FAILURE);
    DagRun upstream = runAt(FAILING_UPSTREAM, waiting.logicalDate());

    fx.tickUntilIdle(20);
    fx.advance(Duration.ofMinutes(1));
    fx.tickUntilIdle(20);

    assertThat(fx.run(upstream).state()).isEqualTo(RunState.FAILED);
    assertThat(fx.task(waiting, "wait").state()).isEqualTo(TaskState.FAILED);
    assertThat(fx.log(waiting, "wait", 1))
        .contains("task 'load' of DAG 'crossdag_failing_upstream'", "ended failed");
  }
}
