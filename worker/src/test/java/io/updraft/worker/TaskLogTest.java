package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TaskLogTest {
  private static final Logger OUTSIDE = LoggerFactory.getLogger("not.a.task");
  private WorkerFixture fx;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void open() {
    fx = new WorkerFixture();
  }

  @AfterEach
  void close() {
    release.countDown();
    fx.close();
  }

  @Test
  void what_a_java_task_logs_through_slf4j_is_readable_while_it_runs() {
    Dag dag =
        Dag.builder("logs_java")
            .task(
                Task.java(
                    "chatty",
                    ctx -> {
                      Logger log = LoggerFactory.getLogger("my.etl.Job");
                      log.info("processing {} rows", 42);
                      log.warn("slow source", new IllegalStateException("timeout talking to db"));
                      release.await();
                      log.info("done");
                      return null;
                    }))
            .build();
    fx.startWorker(fx.settings("logs", 2, Duration.ofSeconds(5)), dag);

    DagRun run = fx.trigger(dag);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.log(run, "chatty", 1).contains("processing 42 rows"));
    OUTSIDE.info("logged outside any task");
    assertThat(fx.task(run, "chatty").state()).isEqualTo(TaskState.RUNNING);
    assertThat(fx.log(run, "chatty", 1))
        .contains("INFO my.etl.Job - processing 42 rows")
        .contains("WARN my.etl.Job - slow source")
        .contains("IllegalStateException: timeout talking to db");
    release.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fx.task(run, "chatty").state() == TaskState.SUCCESS);
    assertThat(fx.log(run, "chatty", 1))
        .contains("INFO my.etl.Job - done")
        .doesNotContain("logged outside any task");
  }

  @Test
  void a_bash_task_logs_its_stdout_and_stderr_per_try() {
    Dag dag =
        Dag.builder("logs_bash")
            .task(
                Task.bash(
                        "both",
                        "echo to stdout try $UPDRAFT_CTX_TRY_NUMBER; echo to stderr >&2;"
                            + " [ $UPDRAFT_CTX_TRY_NUMBER -ge 2 ]")
                    .retries(1)
                    .retryDelay(Duration.ofMinutes(5)))
            .build();
    try (StepHarness steps = new StepHarness(dag)) {
      DagRun run = steps.trigger(dag);

      steps.tickUntilIdle(5);
      // The retry waits its five minutes of the manual clock, and runs once they have passed.
      assertThat(steps.task(run, "both").state()).isEqualTo(TaskState.UP_FOR_RETRY);
      steps.advance(Duration.ofMinutes(5));
      steps.tickUntilIdle(5);

      assertThat(steps.task(run, "both").state()).isEqualTo(TaskState.SUCCESS);
      assertThat(steps.log(run, "both", 1))
          .contains("to stdout try 1", "to stderr", "exited with code 1");
      assertThat(steps.log(run, "both", 2)).contains("to stdout try 2", "to stderr");
    }
  }
}
