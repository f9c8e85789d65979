package io.updraft.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A latch that DAG jars compiled by tests wait on: the jar's class loader finds this class through
 * its parent, the test's class path, so the test and the task share it.
 */
public final class DeployGate {
  private static volatile CountDownLatch gate = new CountDownLatch(1);

  private DeployGate() {}

  static void close() {
    gate = new CountDownLatch(1);
  }

  static void open() {
    gate.countDown();
  }

  /** Waits until the test opens the gate (at most a minute, so a failed test cannot hang). */
  public static void await() throws InterruptedException {
    if (!gate.await(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException("The test never opened the gate");
    }
  }
}
