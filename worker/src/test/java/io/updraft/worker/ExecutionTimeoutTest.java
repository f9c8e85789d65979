package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
