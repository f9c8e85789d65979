package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({PostgresExtension.class, RedisExtension.class})
class WorkerLifecycleTest {
  private WorkerFixture fx;

  @BeforeEach
  void open() {
    fx = new WorkerFixture();
  }

  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    fx.close();
  }

  private Dag blocking(String dagId) {
    return Dag.builder(dagId)
        .task(
            Task.java(
                "wait",
                ctx -> {
                  release.await();
                  return "released";
                }))
        .build();
  }

  @Test
  void a_worker_heartbeats_its_row_and_its_running_task() {
    Dag dag = blocking("lifecycle_heartbeat");
    fx.startWorker(fx.settings("beating", 3, Duration.ofSeconds(5)), dag);
    DagRun run = fx.trigger(dag);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.task(run, "wait").state() == TaskState.RUNNING);
    TaskInstance started = fx.task(run, "wait");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.task(run, "wait").heartbeatAt().isAfter(started.startDate()));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fx.workers.list())
                    .singleElement()
                    .satisfies(
                        w -> {
                          assertThat(w.name()).isEqualTo("beating");
                          assertThat(w.hostname()).isEqualTo("test-host");
                          assertThat(w.queues()).containsExactly("default");
                          assertThat(w.slots()).isEqualTo(3);
                          assertThat(w.running()).isEqualTo(1);
                        }));
    assertThat(started.worker()).isEqualTo("beating");
  }

  @Test
  void stopping_a_worker_lets_a_running_task_finish_within_the_grace_period() {
    Dag dag = blocking("lifecycle_finish");
    Worker worker = fx.startWorker(fx.settings("finisher", 2, Duration.ofSeconds(20)), dag);
    DagRun run = fx.trigger(dag);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.task(run, "wait").state() == TaskState.RUNNING);

    Thread.ofVirtual().start(release::countDown);
    worker.close();

    assertThat(fx.task(run, "wait").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.workers.list()).isEmpty();
  }

  @Test
  void stopping_a_worker_puts_a_task_that_outlasts_the_grace_period_up_for_retry() {
    Dag dag = blocking("lifecycle_retry");
    Worker worker = fx.startWorker(fx.settings("impatient", 2, Duration.ofMillis(300)), dag);
    DagRun run = fx.trigger(dag);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.task(run, "wait").state() == TaskState.RUNNING);

    worker.close();

    TaskInstance ti = fx.task(run, "wait");
    // Up for retry at once: the worker's own planning may already have queued try 2.
    assertThat(ti.state()).isIn(TaskState.UP_FOR_RETRY, TaskState.QUEUED);
    assertThat(History.of(fx.database, ti.id())).contains("1:running->up_for_retry");
    assertThat(fx.log(run, "wait", 1)).contains("is stopping", "put up for retry");
  }

  @Test
  void a_task_that_ignores_interrupts_is_still_put_up_for_retry_when_its_worker_stops() {
    Dag dag =
        Dag.builder("lifecycle_stubborn")
            .task(
                Task.java(
                    "stubborn",
                    ctx -> {
                      while (release.getCount() > 0) {
                        try {
                          release.await();
                        } catch (InterruptedException ignored) {
                          // a badly behaved task: keeps going
                        }
                      }
                      return "done";
                    }))
            .build();
    Worker worker = fx.startWorker(fx.settings("stubborn", 1, Duration.ofMillis(100)), dag);
    DagRun run = fx.trigger(dag);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.task(run, "stubborn").state() == TaskState.RUNNING);

    worker.close();

    TaskInstance ti = fx.task(run, "stubborn");
    assertThat(ti.state()).isIn(TaskState.UP_FOR_RETRY, TaskState.QUEUED);
    assertThat(History.of(fx.database, ti.id())).contains("1:running->up_for_retry");
  }
}
