package io.updraft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the resident memory (VmRSS) of two processes and keeps the peak of each. */
final class Rss {
  private final long firstPid;
  private final long secondPid;
  private final AtomicLong firstPeakKb = new AtomicLong();
  private final AtomicLong secondPeakKb = new AtomicLong();
  private volatile boolean running = true;
  private final Thread sampler;

  private Rss(long firstPid, long secondPid) {
    this.firstPid = firstPid;
    this.secondPid = secondPid;
    this.sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(this::sample);
  }

  static Rss watch(long firstPid, long secondPid) {
    return new Rss(firstPid, secondPid);
  }

  private void sample() {
    while (running) {
      firstPeakKb.accumulateAndGet(rssKb(firstPid), Math::max);
      secondPeakKb.accumulateAndGet(rssKb(secondPid), Math::max);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  Peak stop() throws InterruptedException {
    running = false;
    sampler.join();
    firstPeakKb.accumulateAndGet(rssKb(firstPid), Math::max);
    secondPeakKb.accumulateAndGet(rssKb(secondPid), Math::max);
    return new Peak(firstPeakKb.get() / 1024, secondPeakKb.get() / 1024);
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // The process ended, or no /proc: no sample.
    }
    return 0;
  }

  /** Peak resident memory of each process, in MB. */
  record Peak(long firstMb, long secondMb) {}
}
