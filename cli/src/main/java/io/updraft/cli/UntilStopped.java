package io.updraft.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a process running until Ctrl-C or SIGTERM, then closes its parts in the reverse order of
 * their start, so that work in flight finishes before its connections go.
 */
final class UntilStopped {
  private UntilStopped() {}

  /** Null parts (a part turned off by the configuration) are skipped. */
  static int await(AutoCloseable... parts) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (AutoCloseable part : parts) {
                    if (part == null) {
                      continue;
                    }
                    try {
                      part.close();
                    } catch (Exception e) {
                      System.err.println("While stopping: " + e);
                    }
                  }
                  stopped.countDown();
                },
                "updraft-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
