package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.plan.RunTrigger;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.run.CreatedRun;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A triggered run whose root task was pushed is committed with its roots only: the worker that
 * starts a root adds the other task instances while it runs, and the run completes with every task
 * within its DAG's limits.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TriggeredRunRowsTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private WorkerFixture fx;
  private RunTrigger trigger;

  @BeforeEach
  void open() {
    fx = new WorkerFixture();
    trigger = new RunTrigger(fx.runs, fx.queue, fx.clock);
  }

  @AfterEach
  void close() {
    release.countDown();
    fx.close();
  }

  private Task held(String id) {
    return Task.java(
        id,
        ctx -> {
          if (!release.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
          }
          return null;
        });
  }

  private static Task noop(String id) {
    return Task.java(id, ctx -> null);
  }

  private CreatedRun triggered(Dag dag) {
    fx.dags.save(dag.structure(), fx.clock.instant());
    return trigger
        .trigger(NewDagRun.manual(dag.id(), fx.clock.instant(), Map.of()), dag.structure())
        .orElseThrow();
  }

  private Map<String, TaskState> states(DagRun run) {
    return fx.runs.taskInstances(run.id()).stream()
        .collect(Collectors.toMap(TaskInstance::taskId, TaskInstance::state));
  }

  private void awaitEveryTaskSucceeded(DagRun run, int tasks) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              queueScheduled();
              return fx.runs.findRun(run.id()).orElseThrow().state().isTerminal();
            });
    assertThat(fx.runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.SUCCESS);
    assertThat(states(run)).hasSize(tasks);
    assertThat(states(run).values()).containsOnly(TaskState.SUCCESS);
  }

  /** What the scheduler does as slots free up: queues the tasks a full pool held back. */
  private void queueScheduled() {
    List<TaskMessage> messages = new ArrayList<>();
    for (TaskChange c : fx.runs.queueScheduled(100, fx.clock.instant())) {
      TaskInstance ti = fx.runs.findTaskInstance(c.taskInstanceId()).orElseThrow();
      messages.add(
          new TaskMessage(
              ti.id(), c.resultingTryNumber(), ti.dagId(), ti.runId(), ti.taskId(), ti.queue()));
    }
    if (!messages.isEmpty()) {
      fx.queue.push(messages);
    }
  }

  @Test
  void the_worker_that_starts_the_root_adds_the_other_tasks_while_the_root_runs() {
    Dag dag =
        Dag.builder("rows_while_root_runs")
            .task(held("extract"))
            .task(noop("transform").after("extract"))
            .task(noop("load").after("transform"))
            .build();
    fx.startWorker(fx.settings("rows-worker", 2, Duration.ofSeconds(5)), dag);

    DagRun run = triggered(dag).run();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(states(run))
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                            "extract",
                            TaskState.RUNNING,
                            "transform",
                            TaskState.NONE,
                            "load",
                            TaskState.NONE)));
    release.countDown();
    awaitEveryTaskSucceeded(run, 3);
  }

  @Test
  void a_root_that_ends_before_its_worker_adds_the_rows_still_completes_the_run() {
    Dag.Builder builder = Dag.builder("rows_after_quick_root");
    String[] ids = new String[40];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "t" + i;
      builder.task(noop(ids[i]));
    }
    Dag dag = builder.chain(ids).build();
    fx.startWorker(fx.settings("quick-worker", 4, Duration.ofSeconds(5)), dag);

    for (int r = 0; r < 5; r++) {
      awaitEveryTaskSucceeded(triggered(dag).run(), ids.length);
    }
  }

  @Test
  void roots_sharing_a_one_slot_pool_and_a_second_run_past_max_active_runs_complete_every_task()
      throws Exception {
    try (Connection c = fx.database.dataSource().getConnection()) {
      c.createStatement()
          .execute(
              "insert into pool (pool, slots) values ('rows_narrow', 1) on conflict do nothing");
    }
    Dag dag =
        Dag.builder("rows_pooled")
            .maxActiveRuns(1)
            .task(noop("light").pool("rows_narrow").priorityWeight(1))
            .task(noop("heavy").pool("rows_narrow").priorityWeight(10))
            .task(noop("report").after("light", "heavy"))
            .build();
    fx.startWorker(fx.settings("pooled-worker", 4, Duration.ofSeconds(5)), dag);

    CreatedRun first = triggered(dag);
    CreatedRun second = triggered(dag);

    assertThat(first.run().state()).isEqualTo(RunState.RUNNING);
    assertThat(first.started().orElseThrow().queued())
        .extracting(TaskInstance::taskId)
        .containsExactly("heavy");
    // Nothing of the second was pushed: the trigger added its rows itself.
    assertThat(second.run().state()).isEqualTo(RunState.QUEUED);
    assertThat(states(second.run())).hasSize(3);
    assertThat(states(second.run()).values()).containsOnly(TaskState.NONE);
    awaitEveryTaskSucceeded(first.run(), 3);
    fx.events.publish(second.run().id());
    awaitEveryTaskSucceeded(second.run(), 3);
  }
}
