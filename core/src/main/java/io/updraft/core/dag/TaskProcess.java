package io.updraft.core.dag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Bash task's command, run by {@code task-launcher.sh} in a process group of its own, so that the
 * whole group dies when the task is stopped, when its command ends, and when the worker dies (the
 * launcher sees its stdin closed). Output and errors come merged from {@link #output()}.
 */
final class TaskProcess implements AutoCloseable {
  /** How long the group has between TERM and KILL. */
  static final Duration KILL_GRACE = Duration.ofSeconds(5);

  private static final String LAUNCHER = launcher();

  private final Process process;

  private TaskProcess(Process process) {
    this.process = process;
  }

  /** Starts {@code bash -c command} with exactly {@code environment}, nothing inherited. */
  static TaskProcess start(String command, Map<String, String> environment) throws IOException {
    return start(List.of("bash", "-c", command), environment, "a Bash task", "bash");
  }

  /**
   * Starts {@code program} under the launcher with exactly {@code environment}; {@code what} and
   * {@code needs} name the task's kind and its own program for the error when it cannot start.
   */
  static TaskProcess start(
      List<String> program, Map<String, String> environment, String what, String needs)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(commandLine(program)).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(environment);
    try {
      return new TaskProcess(builder.start());
    } catch (IOException e) {
      throw new IOException(
          "Cannot start "
              + what
              + ": it needs sh, setsid (util-linux) and "
              + needs
              + " on the worker's PATH ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  /** The launcher's arguments: its name, the grace in seconds, then the command to run. */
  static List<String> commandLine(String command) {
    return commandLine(List.of("bash", "-c", command));
  }

  static List<String> commandLine(List<String> program) {
    List<String> line = new ArrayList<>();
    line.addAll(
        List.of(
            "setsid",
            "-w",
            "sh",
            "-c",
            LAUNCHER,
            "updraft-task",
            Long.toString(KILL_GRACE.toSeconds())));
    line.addAll(program);
    return line;
  }

  InputStream output() {
    return process.getInputStream();
  }

  long pid() {
    return process.pid();
  }

  /** The command's exit code (128 + the signal's number when a signal ended it). */
  int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /**
   * Ends every process of the task: TERM to its group, KILL after the grace, and waits for the
   * launcher. Should the launcher itself be gone or stuck, its descendants are killed from here.
   */
  void stop() {
    close();
    boolean interrupted = Thread.interrupted();
    try {
      if (!process.waitFor(KILL_GRACE.toMillis() + 2_000, TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      interrupted = true;
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Ends every process of the task at once with KILL, for a program that may ignore TERM or be too
   * busy to act on it (a JVM in a loop, out of memory), and waits for the launcher.
   */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    close();
    boolean interrupted = Thread.interrupted();
    try {
      if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      interrupted = true;
      process.destroyForcibly();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Closes the launcher's stdin: if the command still runs, that stops it. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already closed, or the launcher is gone: either way the pipe is shut.
    }
  }

  private static String launcher() {
    try (InputStream in = TaskProcess.class.getResourceAsStream("task-launcher.sh")) {
      if (in == null) {
        throw new IllegalStateException("task-launcher.sh is missing from updraft-core");
      }
      // Without its comments: the script is an argument of sh, shown whole by ps.
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.strip().startsWith("#"))
          .collect(Collectors.joining("\n", "", "\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
