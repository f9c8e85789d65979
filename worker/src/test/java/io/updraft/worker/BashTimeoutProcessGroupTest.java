package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.ProcessTable;
import io.updraft.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A timed-out Bash task loses every process it started, not only those still below bash. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class BashTimeoutProcessGroupTest {
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
  void a_timed_out_bash_tasks_grandchildren_die_even_those_reparented_away_from_it(
      @TempDir Path dir) throws Exception {
    // The subshell exits at once: its sleep is no longer a descendant of bash, only of its group.
    Dag dag =
        Dag.builder("timeout_bash_orphans")
            .task(
                Task.bash(
                        "tree",
                        "echo $$ > \"$DIR/leader.pid\"; (sleep 300 & echo $! > \"$DIR/orphan.pid\");"
                            + " sleep 300 & echo $! > \"$DIR/child.pid\"; wait")
                    .env("DIR", dir.toString())
                    .executionTimeout(Duration.ofSeconds(2)))
            .build();
    fx.startWorker(fx.settings("timeouts-orphans", 2, Duration.ofSeconds(5)), dag);

    DagRun run = fx.trigger(dag);

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> pid(dir.resolve("child.pid")) > 0 && pid(dir.resolve("orphan.pid")) > 0);
    long group = pid(dir.resolve("leader.pid"));
    long orphan = pid(dir.resolve("orphan.pid"));
    long child = pid(dir.resolve("child.pid"));
    assertThat(ProcessTable.isAlive(orphan)).isTrue();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fx.task(run, "tree").state() == TaskState.FAILED);
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> ProcessTable.liveMembersOfGroup(group).isEmpty());
    assertThat(ProcessTable.isAlive(orphan)).isFalse();
    assertThat(ProcessTable.isAlive(child)).isFalse();
    assertThat(fx.log(run, "tree", 1)).contains("timed out");
  }

  /** The pid a command wrote to a file; 0 while it is not written yet. */
  private static long pid(Path file) {
    try {
      String text = Files.readString(file).strip();
      return text.isEmpty() ? 0 : Long.parseLong(text);
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
