package io.updraft.worker;

import static io.updraft.sql.jooq.Tables.TASK_INSTANCE_HISTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.state.RunState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.Record2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker that records a task's success runs a task it made ready itself, claimed in the same
 * commit, instead of queueing a message and waiting for it to come back.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class HandOverTest {
  private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
  private WorkerFixture fx;

  @BeforeEach
  void open() {
    fx = new WorkerFixture();
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private Task counted(String id) {
    return Task.java(
        id,
        ctx -> {
          executions.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet();
          return null;
        });
  }

  @Test
  void the_next_task_of_a_chain_is_claimed_in_the_commit_that_recorded_its_upstream() {
    Dag dag =
        Dag.builder("handover_chain")
            .task(counted("a"))
            .task(counted("b").after("a"))
            .task(counted("c").after("b"))
            .build();
    fx.startWorker(fx.settings("chain-worker", 1, Duration.ofSeconds(5)), dag);
    DagRun run = fx.trigger(dag);

    awaitSuccess(run);
    assertThat(executions).containsOnlyKeys("a", "b", "c");
    assertThat(executions.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    for (String taskId : List.of("b", "c")) {
      long id = fx.task(run, taskId).id();
      assertThat(History.of(fx.database, id))
          .containsExactly("1:none->queued", "1:queued->running", "1:running->success");
      // Queued and claimed at one instant, by the worker that recorded the upstream task.
      List<Record2<String, Instant>> changes = queuedAndClaimed(id);
      assertThat(changes.get(1).value1()).isEqualTo("chain-worker");
      assertThat(changes.get(1).value2()).isEqualTo(changes.get(0).value2());
      assertThat(fx.task(run, taskId).worker()).isEqualTo("chain-worker");
    }
  }

  @Test
  void a_fan_out_runs_one_task_itself_and_queues_the_others() {
    Dag dag =
        Dag.builder("handover_fan")
            .task(counted("start"))
            .task(counted("left").after("start"))
            .task(counted("middle").after("start"))
            .task(counted("right").after("start"))
            .build();
    fx.startWorker(fx.settings("fan-worker", 1, Duration.ofSeconds(5)), dag);
    DagRun run = fx.trigger(dag);

    awaitSuccess(run);
    assertThat(executions.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    long sameInstant =
        List.of("left", "middle", "right").stream()
            .map(taskId -> queuedAndClaimed(fx.task(run, taskId).id()))
            .filter(changes -> changes.get(0).value2().equals(changes.get(1).value2()))
            .count();
    assertThat(sameInstant).as("tasks claimed in the commit that queued them").isEqualTo(1);
  }

  @Test
  void a_task_for_a_queue_the_worker_does_not_serve_goes_through_the_queue_to_a_worker_that_does() {
    Dag dag =
        Dag.builder("handover_other_queue")
            .task(counted("extract"))
            .task(counted("load").after("extract").queue("etl"))
            .build();
    fx.startWorker(fx.settings("default-worker", 1, Duration.ofSeconds(5)), dag);
    WorkerSettings etl =
        fx.settings("etl-worker", 1, Duration.ofSeconds(5)).toBuilder()
            .queues(List.of("etl"))
            .build();
    fx.startWorker(etl, dag);
    DagRun run = fx.trigger(dag);

    awaitSuccess(run);
    assertThat(fx.task(run, "extract").worker()).isEqualTo("default-worker");
    assertThat(fx.task(run, "load").worker()).isEqualTo("etl-worker");
    assertThat(executions.get("load").get()).isEqualTo(1);
  }

  private void awaitSuccess(DagRun run) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fx.runs.findRun(run.id()).orElseThrow().state() == RunState.SUCCESS);
  }

  /** The worker and time of a task instance's none→queued and queued→running changes. */
  private List<Record2<String, Instant>> queuedAndClaimed(long taskInstanceId) {
    return fx.database
        .dsl()
        .select(TASK_INSTANCE_HISTORY.WORKER, TASK_INSTANCE_HISTORY.CHANGED_AT)
        .from(TASK_INSTANCE_HISTORY)
        .where(
            TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID.eq(taskInstanceId),
            TASK_INSTANCE_HISTORY.TO_STATE.in("queued", "running"))
        .orderBy(TASK_INSTANCE_HISTORY.ID)
        .fetch();
  }
}
