package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.run.DagRun;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.ProcessTable;
import io.updraft.testing.RedisExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with SIGKILL runs no code of its own to stop its isolated tries: their JVMs must
 * go anyway, or each would keep a task's connections and memory for as long as it likes.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class IsolatedChildDiesWithWorkerTest {
  private static final String ISOLATED_MAIN = "io.updraft.core.dag.IsolatedTaskMain";
  private static final String JAVA = ProcessHandle.current().info().command().orElseThrow();

  @TempDir Path dir;
  private WorkerFixture fx;
  private Process worker;

  @BeforeEach
  void open() {
    fx = new WorkerFixture();
  }

  @AfterEach
  void close() {
    if (worker != null) {
      worker.destroyForcibly();
    }
    fx.close();
  }

  @Test
  void an_isolated_tries_jvm_dies_with_its_worker_killed_by_sigkill() throws Exception {
    Path marker = Files.createDirectory(dir.resolve("isolated-marker-" + System.nanoTime()));
    Path output = Path.of("target", "worker-jvm-" + marker.getFileName() + ".log");
    worker = WorkerJvm.start("killed-worker", marker, output);

    DagRun run = fx.trigger(IsolatedDags.LINGER);
    await().atMost(Duration.ofSeconds(60)).until(() -> childPid(run) > 0 || !worker.isAlive());
    assertThat(worker.isAlive()).as("the worker JVM runs; see %s", output).isTrue();
    long child = childPid(run);
    assertThat(commandLine(child)).contains(marker.toString()).contains(ISOLATED_MAIN);
    assertThat(fx.task(run, "linger").state()).isEqualTo(TaskState.RUNNING);
    assertThat(jvmsWith(marker)).contains(child);

    long killedAt = System.nanoTime();
    worker.destroyForcibly();
    assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessTable.isAlive(child));
    System.out.printf(
        "Isolated try's JVM gone %d ms after its worker's SIGKILL%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
    assertThat(jvmsWith(marker)).isEmpty();
    // The launcher's own shell processes end too, at the latest after its TERM-to-KILL grace.
    await().atMost(Duration.ofSeconds(15)).until(() -> processesWith(marker).isEmpty());
  }

  /** The pid the lingering task printed, once its log has it; 0 before. */
  private long childPid(DagRun run) {
    Matcher pid = Pattern.compile("pid (\\d+)").matcher(fx.log(run, "linger", 1));
    return pid.find() ? Long.parseLong(pid.group(1)) : 0;
  }

  /** Living processes whose command line names the marker: the worker's and its tries'. */
  private static List<Long> processesWith(Path marker) {
    return ProcessHandle.allProcesses()
        .map(ProcessHandle::pid)
        .filter(pid -> commandLine(pid).contains(marker.toString()) && ProcessTable.isAlive(pid))
        .toList();
  }

  /** Of those, the JVMs of isolated tries (the rest are their launcher's shells). */
  private static List<Long> jvmsWith(Path marker) {
    return processesWith(marker).stream()
        .filter(
            pid -> commandLine(pid).startsWith(JAVA) && commandLine(pid).contains(ISOLATED_MAIN))
        .toList();
  }

  /** The whole command line, which ProcessHandle.Info may shorten. */
  private static String commandLine(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }
}
