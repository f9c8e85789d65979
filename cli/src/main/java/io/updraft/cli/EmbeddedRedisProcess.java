package io.updraft.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.RedisServerBuilder;

/**
 * The embedded Redis as a child process that only Updraft stops. embedded-redis's own {@code
 * start()} registers a JVM shutdown hook that stops Redis while the worker and scheduler are still
 * closing (hooks run at once), so every clean stop printed connection errors; here Redis stops
 * last, after everything that uses it. Its binary and config file still come from embedded-redis.
 */
final class EmbeddedRedisProcess implements AutoCloseable {
  private static final String READY = "Ready to accept connections";
  private static final long READY_WAIT_SECONDS = 15;
  private static final long STOP_WAIT_SECONDS = 5;
  private static final int LINES_KEPT = 20;

  private final Process process;

  private EmbeddedRedisProcess(Process process) {
    this.process = process;
  }

  /** Starts {@code redis-server} as {@code builder} configures it and waits until it serves. */
  static EmbeddedRedisProcess start(RedisServerBuilder builder) throws IOException {
    List<String> args = builder.buildCommandArgs();
    Process process =
        new ProcessBuilder(args)
            .directory(new File(args.getFirst()).getParentFile())
            .redirectErrorStream(true)
            .start();
    CountDownLatch ready = new CountDownLatch(1);
    Deque<String> lastLines = new ArrayDeque<>();
    Thread output =
        new Thread(
            () -> drain(process, ready, lastLines), "embedded-redis-output-" + process.pid());
    output.setDaemon(true);
    output.start();
    boolean serving;
    try {
      serving = ready.await(READY_WAIT_SECONDS, TimeUnit.SECONDS) && process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      serving = false;
    }
    if (!serving) {
      process.destroyForcibly();
      String said;
      synchronized (lastLines) {
        said = String.join("\n", lastLines);
      }
      throw new IOException(
          "redis-server did not start within " + READY_WAIT_SECONDS + " s; it said:\n" + said);
    }
    return new EmbeddedRedisProcess(process);
  }

  /** Reads Redis's output to its end, so a full pipe never blocks it; notes when it serves. */
  private static void drain(Process process, CountDownLatch ready, Deque<String> lastLines) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (ready.getCount() > 0) {
          synchronized (lastLines) {
            lastLines.addLast(line);
            if (lastLines.size() > LINES_KEPT) {
              lastLines.removeFirst();
            }
          }
          if (line.contains(READY)) {
            ready.countDown();
          }
        }
      }
    } catch (IOException e) {
      // The process ended: nothing more to read.
    }
  }

  long pid() {
    return process.pid();
  }

  /** Stops Redis (SIGTERM; it keeps no data to save) and waits for it, killing it if it lingers. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
