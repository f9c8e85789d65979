package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.testing.ManualClock;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run event of a DAG whose task depends on the past plans the DAG's later active runs too: the
 * task waiting in the next run is queued as soon as its previous instance ended, not a sweep later.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class WaitingOnThePastTest {
  private static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
  private TestBackends backends;

  @BeforeEach
  void open() {
    backends = new TestBackends(clock);
  }

  @AfterEach
  void close() {
    backends.close();
  }

  private TaskInstance load(DagRun run) {
    return backends.runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals("load"))
        .findFirst()
        .orElseThrow();
  }

  private DagRun scheduled(DagStructure dag, Instant start) {
    return backends
        .runs
        .createRun(NewDagRun.scheduled(dag.dagId(), start, start.plus(Duration.ofDays(1))), dag)
        .orElseThrow();
  }

  @Test
  void an_event_of_the_earlier_run_queues_the_task_waiting_for_it_in_the_later_run() {
    DagStructure dag =
        Dag.builder("waits_on_the_past")
            .task(Task.java("load", ctx -> null).dependsOnPast())
            .build()
            .structure();
    backends.dags.save(dag, clock.instant());
    DagRun first = scheduled(dag, JAN_1);
    DagRun second = scheduled(dag, JAN_1.plus(Duration.ofDays(1)));
    EnqueueReadyTasks enqueue =
        new EnqueueReadyTasks(
            backends.runs, backends.dags, new RunProgress(backends.runs, backends.queue, clock));

    enqueue.runOnce();
    assertThat(load(first).state()).isEqualTo(TaskState.QUEUED);
    assertThat(load(second).state()).isEqualTo(TaskState.NONE);

    // The first run's task runs and succeeds, as a worker records it.
    TaskInstance running = load(first);
    backends.runs.applyAll(
        List.of(
            TaskChange.claim(running.id(), running.tryNumber(), "w", clock.instant()),
            TaskChange.outcome(
                running.id(), running.tryNumber(), TaskState.SUCCESS, clock.instant(), null)));

    // The worker's event names the first run only.
    enqueue.runOnce(List.of(first.id()));

    assertThat(load(second).state()).isEqualTo(TaskState.QUEUED);
  }
}
