package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.XComStore;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ExecutionTimeoutTest {
  private WorkerFixture fx;

  @BeforeEach
  void open() {
    fx = new WorkerFixture();
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void a_java_task_running_past_its_timeout_is_interrupted_and_fails() {
    Dag dag =
        Dag.builder("timeout_java")
            .task(
                Task.java(
                        "slow",
                        ctx -> {
                          Thread.sleep(Duration.ofMinutes(5));
                          return "never";
                        })
                    .executionTimeout(Duration.ofMillis(500)))
            .build();
    fx.startWorker(fx.settings("timeouts", 2, Duration.ofSeconds(5)), dag);

    DagRun run = fx.trigger(dag);

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> fx.task(run, "slow").state() == TaskState.FAILED);
    assertThat(fx.log(run, "slow", 1)).contains("timed out", "PT0.5S");
  }

  @Test
  void
      a_busy_loop_past_its_timeout_is_recorded_at_its_timeout_and_its_thread_counted_unstoppable() {
    AtomicBoolean release = new AtomicBoolean();
    AtomicInteger unstoppable = new AtomicInteger();
    MetricsRecorder metrics =
        new MetricsRecorder() {
          @Override
          public void taskThreadUnstoppable(String dagId) {
            unstoppable.incrementAndGet();
          }

          @Override
          public void unstoppableTaskThreadEnded(String dagId) {
            unstoppable.decrementAndGet();
          }
        };
    Duration timeout = Duration.ofSeconds(2);
    Dag busy =
        Dag.builder("timeout_busy_loop")
            .task(
                Task.java(
                        "spin",
                        ctx -> {
                          // Neither blocks nor checks for interrupts: only the test can end it.
                          long turns = 0;
                          while (!release.get()) {
                            turns++;
                          }
                          return turns;
                        })
                    .executionTimeout(timeout))
            .build();
    Dag after = Dag.builder("timeout_after_busy").task(Task.java("next", ctx -> "ran")).build();
    // One slot: the task after can run only if the timed-out try's slot is counted free.
    fx.startWorker(fx.settings("timeouts-busy", 1, Duration.ofSeconds(5)), metrics, busy, after);
    try {
      DagRun run = fx.trigger(busy);

      await()
          .atMost(timeout.plusSeconds(10))
          .until(() -> fx.task(run, "spin").state() == TaskState.FAILED);
      TaskInstance spin = fx.task(run, "spin");
      assertThat(Duration.between(spin.startDate(), spin.endDate()))
          .isLessThan(timeout.plusSeconds(2));
      await().atMost(Duration.ofSeconds(5)).until(() -> unstoppable.get() == 1);
      // The thread is counted just before its line is stored: wait for the line too.
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(fx.log(run, "spin", 1))
                      .contains(
                          "timed out", "PT2S", "did not stop", "updraft_task_threads_unstoppable"));

      DagRun next = fx.trigger(after);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> fx.task(next, "next").state() == TaskState.SUCCESS);
      assertThat(unstoppable.get()).as("the busy thread still runs").isEqualTo(1);

      release.set(true);
      await().atMost(Duration.ofSeconds(5)).until(() -> unstoppable.get() == 0);
      // Its late end recorded nothing: the try stays as its timeout recorded it.
      assertThat(fx.task(run, "spin")).isEqualTo(spin);
      assertThat(History.of(fx.database, spin.id())).last().isEqualTo("1:running->failed");
      assertThat(fx.xcoms.get(run.id(), "spin", XComStore.RETURN_VALUE)).isEmpty();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> fx.log(run, "spin", 1).contains("ended; nothing is recorded"));
    } finally {
      release.set(true);
    }
  }

  @Test
  void a_bash_task_running_past_its_timeout_has_its_whole_process_tree_killed(@TempDir Path dir)
      throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Dag dag =
        Dag.builder("timeout_bash")
            .task(
                Task.bash("tree", "sleep 300 & echo $! > " + pidFile + "; wait")
                    .executionTimeout(Duration.ofSeconds(1)))
            .build();
    fx.startWorker(fx.settings("timeouts-bash", 2, Duration.ofSeconds(5)), dag);

    DagRun run = fx.trigger(dag);

    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> fx.task(run, "tree").state() == TaskState.FAILED);
    long childPid = Long.parseLong(Files.readString(pidFile).strip());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(childPid).map(p -> !p.isAlive()).orElse(true));
    assertThat(fx.log(run, "tree", 1)).contains("timed out");
  }

  @Test
  void a_task_within_its_timeout_succeeds() {
    Dag dag =
        Dag.builder("timeout_fast")
            .task(Task.java("quick", ctx -> "ok").executionTimeout(Duration.ofSeconds(30)))
            .build();
    fx.startWorker(fx.settings("timeouts-fast", 2, Duration.ofSeconds(5)), dag);

    DagRun run = fx.trigger(dag);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.task(run, "quick").state() == TaskState.SUCCESS);
    assertThat(dag.structure().tasks().getFirst().executionTimeoutSeconds()).isEqualTo(30L);
  }
}
