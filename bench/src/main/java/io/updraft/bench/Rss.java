package io.updraft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the resident memory of two processes and keeps the peak of each: VmRSS, what {@code top}
 * and a container's limit see, and PSS (from {@code smaps_rollup}), which splits pages shared with
 * other processes (a start-up cache mapped by several JVMs) between them. Also the number of
 * threads, whose stacks count too.
 */
final class Rss {
  private final long firstPid;
  private final long secondPid;
  private final Sample first = new Sample();
  private final Sample second = new Sample();
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
      first.take(firstPid);
      second.take(secondPid);
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
    first.take(firstPid);
    second.take(secondPid);
    return new Peak(first.rssKb.get() / 1024, second.rssKb.get() / 1024, first.of(), second.of());
  }

  /** One process's peaks, in kB, and its most threads. */
  private static final class Sample {
    final AtomicLong rssKb = new AtomicLong();
    final AtomicLong pssKb = new AtomicLong();
    final AtomicLong threads = new AtomicLong();

    void take(long pid) {
      rssKb.accumulateAndGet(field(pid, "status", "VmRSS:"), Math::max);
      threads.accumulateAndGet(field(pid, "status", "Threads:"), Math::max);
      pssKb.accumulateAndGet(field(pid, "smaps_rollup", "Pss:"), Math::max);
    }

    Process of() {
      return new Process(rssKb.get() / 1024, pssKb.get() / 1024, threads.get());
    }
  }

  private static long field(long pid, String file, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // The process ended, or no /proc: no sample.
    }
    return 0;
  }

  /** One process's peak RSS and PSS in MB, and its most threads at once. */
  record Process(long rssMb, long pssMb, long threads) {
    @Override
    public String toString() {
      return rssMb + " MB (PSS " + pssMb + " MB, " + threads + " threads)";
    }
  }

  /** Peak resident memory of each process, in MB, and the details of each. */
  record Peak(long firstMb, long secondMb, Process first, Process second) {}
}
