package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({PostgresExtension.class, RedisExtension.class})
class DuplicateDeliveryTest {
  private static final AtomicInteger EXECUTIONS = new AtomicInteger();
  private static final Dag ONCE =
      Dag.builder("duplicates")
          .task(
              Task.java(
                  "once",
                  ctx -> {
                    EXECUTIONS.incrementAndGet();
                    Thread.sleep(200);
                    return "ran";
                  }))
          .build();

  private WorkerFixture fx;

  @BeforeEach
  void open() {
    fx = new WorkerFixture();
    EXECUTIONS.set(0);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void two_workers_racing_for_copies_of_one_message_run_the_try_exactly_once() {
    DagRun run = fx.trigger(ONCE);
    TaskInstance ti = fx.task(run, "once");
    TaskMessage copy = new TaskMessage(ti.id(), 1, ti.dagId(), ti.runId(), ti.taskId(), ti.queue());
    fx.queue.push(Collections.nCopies(9, copy));

    fx.startWorker(fx.settings("racer-a", 8, Duration.ofSeconds(5)), ONCE);
    fx.startWorker(fx.settings("racer-b", 8, Duration.ofSeconds(5)), ONCE);

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> fx.task(run, "once").state() == TaskState.SUCCESS);
    // Every copy is acked and dropped: the stream ends empty.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.queue.reserve("checker", List.of("default"), 10, Duration.ZERO).isEmpty());
    assertThat(EXECUTIONS).hasValue(1);
    assertThat(History.of(fx.database, ti.id()))
        .containsExactly("1:none->queued", "1:queued->running", "1:running->success");
  }
}
