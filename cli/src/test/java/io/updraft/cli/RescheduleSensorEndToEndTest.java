package io.updraft.cli;

import static io.updraft.sql.jooq.Tables.TASK_INSTANCE_HISTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.core.task.TaskContext;
import io.updraft.hooks.base.Sensor;
import io.updraft.hooks.base.SensorMode;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sensors in reschedule mode on real PostgreSQL and Redis, with two schedulers and one worker of a
 * single slot: between pokes the sensor holds no slot, so another task runs while it waits; it is
 * queued again after each poke interval, once, under the same try; a timeout ends it.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class RescheduleSensorEndToEndTest {
  private static final AtomicBoolean RELEASED = new AtomicBoolean();
  private static final AtomicInteger POKES = new AtomicInteger();
  private static final SensorSettings EVERY_SECOND =
      SensorSettings.DEFAULT
          .withPokeInterval(Duration.ofSeconds(1))
          .withMode(SensorMode.RESCHEDULE);

  /** Met once the test releases it; counts every poke. */
  private static final class ReleaseSensor extends Sensor {
    ReleaseSensor(SensorSettings settings) {
      super(settings);
    }

    @Override
    public String kind() {
      return "release_sensor";
    }

    @Override
    protected boolean poke(TaskContext context) {
      POKES.incrementAndGet();
      return RELEASED.get();
    }

    @Override
    protected String awaited(TaskContext context) {
      return "the test's release";
    }

    @Override
    protected Map<String, Object> describeSensor() {
      return Map.of();
    }
  }

  private static final Dag WAITS =
      Dag.builder("reschedule_waits")
          .task(Task.of("wait", new ReleaseSensor(EVERY_SECOND.withTimeout(Duration.ofMinutes(2)))))
          .task(Task.java("after", ctx -> "done").after("wait"))
          .build();

  private static final Dag QUICK =
      Dag.builder("reschedule_quick").task(Task.java("quick", ctx -> "ran")).build();

  private static final Dag TIMES_OUT =
      Dag.builder("reschedule_times_out")
          .task(
              Task.of("wait", new ReleaseSensor(EVERY_SECOND.withTimeout(Duration.ofSeconds(3))))
                  .retries(0))
          .build();

  private static final Dag SOFT_FAILS =
      Dag.builder("reschedule_soft_fails")
          .task(
              Task.of(
                  "wait",
                  new ReleaseSensor(
                      EVERY_SECOND.withTimeout(Duration.ofSeconds(3)).withSoftFail(true))))
          .build();

  private Backends backends;
  private TestRuns runs;
  private SchedulerService scheduler;
  private SchedulerService secondScheduler;
  private Worker worker;

  @BeforeEach
  void start() throws Exception {
    RELEASED.set(false);
    POKES.set(0);
    backends = TestRuns.openBackends();
    runs = new TestRuns(backends);
    DagBag dags = DagBag.of(WAITS, QUICK, TIMES_OUT, SOFT_FAILS);
    scheduler = Processes.scheduler(backends, dags);
    scheduler.start();
    // A second scheduler sweeping the same runs (in one JVM they share Quartz, not their sweeps
    // and event handling): a due reschedule must still be queued once.
    secondScheduler = Processes.scheduler(backends, dags);
    secondScheduler.start();
    worker = Processes.worker(backends, dags, "reschedule-worker", List.of("default"), 1);
    worker.start();
  }

  @AfterEach
  void stop() {
    worker.close();
    secondScheduler.close();
    scheduler.close();
    backends.close();
  }

  private int changes(TaskInstance ti, TaskState from, TaskState to) {
    return backends
        .database
        .dsl()
        .fetchCount(
            TASK_INSTANCE_HISTORY,
            TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID.eq(ti.id()),
            TASK_INSTANCE_HISTORY.FROM_STATE.eq(from.wireName()),
            TASK_INSTANCE_HISTORY.TO_STATE.eq(to.wireName()));
  }

  @Test
  void a_waiting_sensor_frees_the_only_slot_and_succeeds_in_its_first_try_once_met() {
    DagRun waiting = runs.trigger(WAITS);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> backends.runs.reschedules(runs.task(waiting, "wait").id(), 1).size() >= 2);

    DagRun quick = runs.awaitEnd(runs.trigger(QUICK));

    // The one slot ran another DAG's task while the sensor was still waiting for its condition.
    assertThat(quick.state()).isEqualTo(RunState.SUCCESS);
    assertThat(runs.task(waiting, "wait").state())
        .isIn(TaskState.UP_FOR_RESCHEDULE, TaskState.QUEUED, TaskState.RUNNING);
    assertThat(backends.runs.findRun(waiting.id()).orElseThrow().state())
        .isEqualTo(RunState.RUNNING);

    // A few pokes more, then the condition comes true.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> backends.runs.reschedules(runs.task(waiting, "wait").id(), 1).size() >= 3);
    RELEASED.set(true);
    DagRun done = runs.awaitEnd(waiting);

    assertThat(done.state()).isEqualTo(RunState.SUCCESS);
    TaskInstance sensor = runs.task(waiting, "wait");
    assertThat(sensor.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(sensor.tryNumber()).isEqualTo(1);
    assertThat(sensor.nextTryAt()).isNull();
    assertThat(runs.task(waiting, "after").state()).isEqualTo(TaskState.SUCCESS);
    int reschedules = backends.runs.reschedules(sensor.id(), 1).size();
    assertThat(reschedules).isGreaterThanOrEqualTo(3);
    assertThat(POKES).hasValue(reschedules + 1);
    // Each reschedule was queued once, by one of the two schedulers or the worker, never twice.
    assertThat(changes(sensor, TaskState.RUNNING, TaskState.UP_FOR_RESCHEDULE))
        .isEqualTo(reschedules);
    assertThat(changes(sensor, TaskState.UP_FOR_RESCHEDULE, TaskState.QUEUED))
        .isEqualTo(reschedules);
    assertThat(changes(sensor, TaskState.QUEUED, TaskState.RUNNING)).isEqualTo(reschedules + 1);
    assertThat(changes(sensor, TaskState.RUNNING, TaskState.UP_FOR_RETRY)).isZero();
    // Every run of the try wrote to the one log of try 1.
    // Without the time stamp each line starts with.
    List<String> log =
        backends.logs.read(sensor.id(), 1).stream()
            .map(l -> l.substring(l.indexOf("] ") + 2))
            .toList();
    assertThat(log.stream().filter(l -> l.startsWith("Running reschedule_waits.wait try 1/")))
        .hasSize(reschedules + 1);
    assertThat(log.stream().filter(l -> l.startsWith("Task up for reschedule at")))
        .hasSize(reschedules);
    assertThat(log).contains("Sensor condition met: the test's release");
  }

  @Test
  void a_sensor_in_reschedule_mode_fails_once_its_timeout_since_the_first_poke_passed() {
    DagRun run = runs.trigger(TIMES_OUT);

    DagRun done = runs.awaitEnd(run);

    assertThat(done.state()).isEqualTo(RunState.FAILED);
    TaskInstance sensor = runs.task(run, "wait");
    assertThat(sensor.state()).isEqualTo(TaskState.FAILED);
    assertThat(sensor.tryNumber()).isEqualTo(1);
    assertThat(backends.runs.reschedules(sensor.id(), 1)).isNotEmpty();
    // Had a reschedule restarted the clock, the sensor would have waited for ever.
    assertThat(String.join("\n", backends.logs.read(sensor.id(), 1)))
        .contains("Sensor timed out after PT3S");
  }

  @Test
  void a_sensor_in_reschedule_mode_with_soft_fail_is_skipped_at_its_timeout() {
    DagRun run = runs.trigger(SOFT_FAILS);

    DagRun done = runs.awaitEnd(run);

    assertThat(done.state()).isEqualTo(RunState.SUCCESS);
    TaskInstance sensor = runs.task(run, "wait");
    assertThat(sensor.state()).isEqualTo(TaskState.SKIPPED);
    assertThat(sensor.tryNumber()).isEqualTo(1);
    assertThat(backends.runs.reschedules(sensor.id(), 1)).isNotEmpty();
  }
}
