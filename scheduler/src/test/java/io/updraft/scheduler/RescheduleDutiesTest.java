package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.queue.Delivery;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.queue.RedisTaskQueue;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresRunStore;
import io.updraft.testing.ManualClock;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tasks up for reschedule, as the scheduler's sweeps see them, on a clock moved by hand. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class RescheduleDutiesTest {
  private static final Dag SENSES =
      Dag.builder("senses")
          .runTimeout(Duration.ofHours(1))
          .task(Task.java("wait", ctx -> null))
          .task(Task.java("after", ctx -> null).after("wait"))
          .build();

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
  private TestBackends backends;
  private Database database;
  private RedisTaskQueue queue;
  private PostgresRunStore runs;
  private PostgresDagStore dags;

  @BeforeEach
  void open() {
    backends = new TestBackends(clock);
    database = backends.database;
    queue = backends.queue;
    runs = backends.runs;
    dags = backends.dags;
    dags.save(SENSES.structure(), clock.instant());
  }

  @AfterEach
  void close() {
    backends.close();
  }

  private EnqueueReadyTasks scheduler() {
    return new EnqueueReadyTasks(runs, dags, new RunProgress(runs, queue, clock));
  }

  private List<Delivery> drain() {
    List<Delivery> got = queue.reserve("test", List.of("default"), 100, Duration.ofMillis(100));
    queue.ackAll(got);
    return got;
  }

  private TaskInstance waitTask(DagRun run) {
    return runs.taskInstances(run.id()).getFirst();
  }

  /** Queues the run's first task, runs it, and puts it up for reschedule in {@code after}. */
  private DagRun rescheduledRun(Duration after) {
    DagRun run =
        runs.createRun(NewDagRun.manual("senses", clock.instant(), Map.of()), SENSES.structure())
            .orElseThrow();
    assertThat(scheduler().runOnce()).isOne();
    assertThat(drain()).hasSize(1);
    TaskInstance queued = waitTask(run);
    assertThat(runs.apply(TaskChange.of(queued, TaskState.RUNNING, clock.instant()))).isTrue();
    TaskInstance running = waitTask(run);
    assertThat(
            runs.apply(
                new TaskChange(
                    running.id(),
                    1,
                    TaskState.RUNNING,
                    TaskState.UP_FOR_RESCHEDULE,
                    clock.instant(),
                    false,
                    clock.instant().plus(after),
                    null)))
        .isTrue();
    return run;
  }

  @Test
  void a_reschedule_is_queued_once_its_date_passed_by_one_of_two_schedulers_in_the_same_try() {
    DagRun run = rescheduledRun(Duration.ofMinutes(5));
    EnqueueReadyTasks a = scheduler();
    EnqueueReadyTasks b = scheduler();

    clock.advance(Duration.ofMinutes(4));
    assertThat(a.runOnce() + b.runOnce()).isZero();
    assertThat(waitTask(run).state()).isEqualTo(TaskState.UP_FOR_RESCHEDULE);

    clock.advance(Duration.ofMinutes(1));
    assertThat(a.runOnce() + b.runOnce()).isOne();

    TaskInstance queued = waitTask(run);
    assertThat(queued.state()).isEqualTo(TaskState.QUEUED);
    assertThat(queued.tryNumber()).isEqualTo(1);
    assertThat(drain())
        .singleElement()
        .satisfies(d -> assertThat(d.message().tryNumber()).isEqualTo(1));
  }

  @Test
  void a_run_timing_out_skips_its_task_up_for_reschedule() {
    DagRun run = rescheduledRun(Duration.ofHours(2));

    clock.advance(Duration.ofMinutes(61));
    assertThat(new TimeOutRuns(runs, dags, clock).runOnce(runs.activeRuns())).isOne();

    assertThat(runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.FAILED);
    assertThat(waitTask(run).state()).isEqualTo(TaskState.SKIPPED);
    assertThat(waitTask(run).nextTryAt()).isNull();
  }
}
