package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.XComStore;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.hooks.base.SensorMode;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.dagrun.TriggerDagRunOperator;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TriggerDagRunOperator run by the worker's task runner on real PostgreSQL and Redis: the run it
 * creates, its conf, its wait in reschedule mode, and its errors.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TriggerDagRunTest {
  private static final SensorSettings EVERY_30_SECONDS =
      SensorSettings.DEFAULT
          .withPokeInterval(Duration.ofSeconds(30))
          .withMode(SensorMode.RESCHEDULE);

  private static final Dag TARGET =
      Dag.builder("crossdag_target").task(Task.java("echo", ctx -> ctx.conf().get("day"))).build();

  private static final Dag FAILING_TARGET =
      Dag.builder("crossdag_failing_target")
          .task(
              Task.java(
                      "boom",
                      ctx -> {
                        throw new IllegalStateException("boom");
                      })
                  .retries(0))
          .build();

  private static final Dag TRIGGERS_AND_WAITS =
      Dag.builder("crossdag_triggers")
          .task(
              Task.of(
                  "trigger",
                  TriggerDagRunOperator.of("crossdag_target")
                      .withConf(Map.of("day", "{{ ds }}"))
                      .waitingForCompletion(EVERY_30_SECONDS)))
          .task(Task.java("after", ctx -> ctx.xcomPull("trigger").orElseThrow()).after("trigger"))
          .build();

  private static final Dag TRIGGERS_A_FAILURE =
      Dag.builder("crossdag_triggers_a_failure")
          .task(
              Task.of(
                      "trigger",
                      TriggerDagRunOperator.of("crossdag_failing_target")
                          .withRunId("from_{{ run_id }}")
                          .waitingForCompletion(EVERY_30_SECONDS))
                  .retries(0))
          .build();

  private static final Dag TRIGGERS_UNKNOWN =
      Dag.builder("crossdag_triggers_unknown")
          .task(Task.of("trigger", TriggerDagRunOperator.of("no_such_dag")).retries(0))
          .build();

  private static final Dag TRIGGERS_WITH_BAD_RUN_ID =
      Dag.builder("crossdag_triggers_bad_run_id")
          .task(
              Task.of("trigger", TriggerDagRunOperator.of("crossdag_target").withRunId("a/../b"))
                  .retries(0))
          .build();

  private static final Dag TRIGGERS_WITHOUT_WAITING =
      Dag.builder("crossdag_triggers_paused")
          .task(
              Task.of(
                  "trigger",
                  TriggerDagRunOperator.of("crossdag_target")
                      .withRunId("nightly_{{ ds_nodash }}")
                      .withLogicalDate("{{ ts }}")))
          .build();

  private StepHarness fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private StepHarness harness() {
    fx =
        new StepHarness(
            TARGET,
            FAILING_TARGET,
            TRIGGERS_AND_WAITS,
            TRIGGERS_A_FAILURE,
            TRIGGERS_UNKNOWN,
            TRIGGERS_WITH_BAD_RUN_ID,
            TRIGGERS_WITHOUT_WAITING);
    fx.dags.save(TARGET.structure(), fx.clock.instant());
    fx.dags.save(FAILING_TARGET.structure(), fx.clock.instant());
    return fx;
  }

  @Test
  void the_triggered_run_gets_the_rendered_conf_is_waited_for_and_its_id_is_the_xcom() {
    harness();
    DagRun run = fx.trigger(TRIGGERS_AND_WAITS);

    fx.tickUntilIdle(20);

    String runId = "manual__2026-03-01T10:00:00+00:00";
    DagRun triggered = fx.runs.findRun("crossdag_target", runId).orElseThrow();
    assertThat(triggered.conf()).containsEntry("day", "2026-03-01");
    assertThat(triggered.state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.task(run, "trigger").state()).isEqualTo(TaskState.UP_FOR_RESCHEDULE);

    fx.advance(Duration.ofSeconds(30));
    fx.tickUntilIdle(20);

    assertThat(fx.run(run).state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.task(run, "trigger").tryNumber()).isEqualTo(1);
    assertThat(fx.xcoms.get(run.id(), "trigger", XComStore.RETURN_VALUE))
        .contains("\"" + runId + "\"");
    assertThat(fx.xcoms.get(run.id(), "trigger", "trigger_run_id")).contains("\"" + runId + "\"");
    assertThat(fx.xcoms.get(run.id(), "after", XComStore.RETURN_VALUE))
        .contains("\"" + runId + "\"");
    // The reschedule found the run its first poke made instead of triggering another.
    assertThat(fx.runs.listRuns("crossdag_target", 10)).hasSize(1);
    assertThat(fx.log(run, "trigger", 1))
        .contains("Triggered run '" + runId + "' of DAG 'crossdag_target'");
  }

  @Test
  void the_task_fails_when_the_triggered_run_fails() {
    harness();
    DagRun run = fx.trigger(TRIGGERS_A_FAILURE);

    fx.tickUntilIdle(20);
    fx.advance(Duration.ofSeconds(30));
    fx.tickUntilIdle(20);

    DagRun triggered =
        fx.runs.findRun("crossdag_failing_target", "from_" + run.runId()).orElseThrow();
    assertThat(triggered.state()).isEqualTo(RunState.FAILED);
    assertThat(fx.task(run, "trigger").state()).isEqualTo(TaskState.FAILED);
    assertThat(fx.run(run).state()).isEqualTo(RunState.FAILED);
    assertThat(fx.log(run, "trigger", 1))
        .contains(
            "Triggered run 'from_"
                + run.runId()
                + "' of DAG 'crossdag_failing_target' ended failed");
  }

  @Test
  void a_trigger_of_an_unknown_dag_fails_naming_it() {
    harness();
    DagRun run = fx.trigger(TRIGGERS_UNKNOWN);

    fx.tickUntilIdle(20);

    assertThat(fx.task(run, "trigger").state()).isEqualTo(TaskState.FAILED);
    assertThat(fx.log(run, "trigger", 1))
        .contains("Cannot trigger DAG 'no_such_dag': no such DAG is registered");
  }

  @Test
  void a_run_id_that_is_no_valid_run_id_is_refused_as_the_api_refuses_it() {
    harness();
    DagRun run = fx.trigger(TRIGGERS_WITH_BAD_RUN_ID);

    fx.tickUntilIdle(20);

    assertThat(fx.task(run, "trigger").state()).isEqualTo(TaskState.FAILED);
    assertThat(fx.log(run, "trigger", 1)).contains("Run id", "a/../b");
    assertThat(fx.runs.listRuns("crossdag_target", 10)).isEmpty();
  }

  @Test
  void a_paused_dag_gets_its_run_with_a_warning_and_the_run_id_and_date_come_from_templates() {
    harness();
    fx.dags.setPaused("crossdag_target", true);
    DagRun run = fx.trigger(TRIGGERS_WITHOUT_WAITING);

    fx.tickUntilIdle(20);

    assertThat(fx.task(run, "trigger").state()).isEqualTo(TaskState.SUCCESS);
    DagRun triggered = fx.runs.findRun("crossdag_target", "nightly_20260301").orElseThrow();
    assertThat(triggered.logicalDate()).isEqualTo(run.logicalDate());
    assertThat(fx.log(run, "trigger", 1))
        .contains("DAG 'crossdag_target' is paused: its run 'nightly_20260301' waits, queued");
  }
}
