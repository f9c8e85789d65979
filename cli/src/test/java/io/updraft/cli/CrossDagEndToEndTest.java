package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.XComStore;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.hooks.base.SensorMode;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.dagrun.ExternalTaskSensor;
import io.updraft.hooks.dagrun.TriggerDagRunOperator;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A DAG that triggers another and waits for it (poke mode), then senses a task of that run
 * (reschedule mode), through a real scheduler and worker on PostgreSQL and Redis.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class CrossDagEndToEndTest {
  private static final SensorSettings EVERY_SECOND =
      SensorSettings.DEFAULT
          .withPokeInterval(Duration.ofMillis(500))
          .withTimeout(Duration.ofMinutes(2));

  private static final Dag TARGET =
      Dag.builder("e2e_cross_target")
          .task(Task.java("work", ctx -> "worked for " + ctx.conf().get("parent")))
          .build();

  private static final Dag PARENT =
      Dag.builder("e2e_cross_parent")
          .task(
              Task.of(
                  "trigger",
                  TriggerDagRunOperator.of("e2e_cross_target")
                      .withRunId("from_parent__{{ ts }}")
                      .withLogicalDate("{{ ts }}")
                      .withConf(Map.of("parent", "{{ run_id }}"))
                      .waitingForCompletion(EVERY_SECOND)))
          .task(
              Task.of(
                      "sense",
                      ExternalTaskSensor.task("e2e_cross_target", "work")
                          .withSettings(EVERY_SECOND.withMode(SensorMode.RESCHEDULE)))
                  .after("trigger"))
          .task(Task.java("report", ctx -> ctx.xcomPull("trigger").orElseThrow()).after("sense"))
          .build();

  private static final Dag SENSES_IN_POKE_MODE =
      Dag.builder("e2e_cross_senses")
          .task(
              Task.of(
                  "wait",
                  ExternalTaskSensor.task("e2e_cross_target", "work").withSettings(EVERY_SECOND)))
          .build();

  private Backends backends;
  private TestRuns runs;
  private SchedulerService scheduler;
  private Worker worker;

  @BeforeEach
  void start() throws Exception {
    backends = TestRuns.openBackends();
    runs = new TestRuns(backends);
    DagBag dags = DagBag.of(TARGET, PARENT, SENSES_IN_POKE_MODE);
    scheduler = Processes.scheduler(backends, dags);
    scheduler.start();
    // Two slots: the trigger holds one while it pokes, the triggered run's task takes the other.
    worker = Processes.worker(backends, dags, "cross-dag-worker", List.of("default"), 2);
    worker.start();
  }

  @AfterEach
  void stop() {
    worker.close();
    scheduler.close();
    backends.close();
  }

  @Test
  void a_sensor_in_poke_mode_holds_its_slot_until_the_other_dags_task_of_its_date_succeeded() {
    Instant date = backends.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    DagRun sensing = runs.trigger(SENSES_IN_POKE_MODE, date);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> runs.task(sensing, "wait").state() == TaskState.RUNNING);

    DagRun target = runs.trigger(TARGET, date);
    DagRun done = runs.awaitEnd(sensing);

    assertThat(runs.awaitEnd(target).state()).isEqualTo(RunState.SUCCESS);
    assertThat(done.state()).isEqualTo(RunState.SUCCESS);
    TaskInstance sensor = runs.task(sensing, "wait");
    assertThat(sensor.tryNumber()).isEqualTo(1);
    // Poke mode: one run of the try, which slept between pokes instead of being rescheduled.
    assertThat(backends.runs.reschedules(sensor.id(), 1)).isEmpty();
    assertThat(String.join("\n", backends.logs.read(sensor.id(), 1)))
        .contains("Poke 1: not yet task 'work' of DAG 'e2e_cross_target'")
        .contains("Sensor condition met after");
  }

  @Test
  void a_dag_triggers_another_waits_for_it_senses_its_task_and_reads_the_run_id() {
    DagRun parent =
        backends
            .runs
            .createRun(
                NewDagRun.manual(PARENT.id(), backends.clock.instant(), Map.of()),
                PARENT.structure())
            .orElseThrow();
    backends.events().publish(parent.id());

    DagRun done = runs.awaitEnd(parent);

    assertThat(done.state()).isEqualTo(RunState.SUCCESS);
    DagRun child = backends.runs.findRunAt(TARGET.id(), parent.logicalDate()).orElseThrow();
    assertThat(child.runId()).startsWith("from_parent__");
    assertThat(child.state()).isEqualTo(RunState.SUCCESS);
    assertThat(child.conf()).containsEntry("parent", parent.runId());
    assertThat(backends.xcoms.get(child.id(), "work", XComStore.RETURN_VALUE))
        .contains("\"worked for " + parent.runId() + "\"");
    assertThat(runs.task(parent, "sense").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(backends.xcoms.get(parent.id(), "report", XComStore.RETURN_VALUE))
        .contains("\"" + child.runId() + "\"");
  }
}
