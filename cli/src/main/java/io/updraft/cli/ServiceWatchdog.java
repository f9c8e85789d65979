package io.updraft.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Stops an embedded server when this JVM dies, however it dies. A tiny sh process reads a pipe
 * whose only writer is this JVM; the kernel closes that pipe when the JVM ends, even by SIGKILL,
 * and sh then signals the server, after checking that the pid still runs that server. No shutdown
 * hook is needed, and nothing is left for the next start to clean up.
 */
final class ServiceWatchdog implements AutoCloseable {
  private static final String SCRIPT =
      "trap '' INT HUP; cat >/dev/null;"
          + " case \"$(tr '\\0' ' ' </proc/$1/cmdline 2>/dev/null)\" in"
          + " *\"$3\"*) kill -\"$2\" \"$1\" 2>/dev/null;; esac";

  private final Process process;

  private ServiceWatchdog(Process process) {
    this.process = process;
  }

  /**
   * Watches {@code pid}: when this JVM ends, sends it {@code signal} if its command line still
   * contains {@code marker}.
   */
  static ServiceWatchdog watch(long pid, String signal, String marker) {
    try {
      Process process =
          new ProcessBuilder(
                  "sh", "-c", SCRIPT, "updraft-watchdog", Long.toString(pid), signal, marker)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      return new ServiceWatchdog(process);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the watchdog of process " + pid, e);
    }
  }

  /** After the server was stopped cleanly: the watchdog has nothing left to do. */
  @Override
  public void close() {
    process.destroy();
  }
}
