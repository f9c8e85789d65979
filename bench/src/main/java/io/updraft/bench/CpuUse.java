package io.updraft.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU time (user + system, from {@code /proc/PID/stat}) that the scheduler and the worker
 * process and the PostgreSQL backends serving each spent between two snapshots. On a machine whose
 * cores are all busy, throughput is CPU over work, so CPU per task tells what a change saves even
 * when other work on the machine moves the wall-clock figure. Each process names its connections
 * ({@link BenchSettings#naming}), which is how its backends are told apart from other clients'.
 * Server-wide work (WAL writer, checkpoints, autovacuum) and backends that closed in between are
 * not counted.
 */
final class CpuUse {
  static final String SCHEDULER = "updraft-bench-scheduler";
  static final String WORKER = "updraft-bench-worker";

  private final Map<Long, Duration> processes;
  private final Map<Long, String> backendOwners;
  private final Map<Long, Duration> backends;

  private CpuUse(
      Map<Long, Duration> processes,
      Map<Long, String> backendOwners,
      Map<Long, Duration> backends) {
    this.processes = processes;
    this.backendOwners = backendOwners;
    this.backends = backends;
  }

  /** Milliseconds of CPU per 1,000 tasks, of each process and of the backends serving it. */
  record PerThousand(
      double scheduler, double worker, double schedulerDb, double workerDb, int tasks) {
    static final PerThousand NONE =
        new PerThousand(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    double postgres() {
      return schedulerDb + workerDb;
    }

    double total() {
      return scheduler + worker + postgres();
    }

    /** One line: each share and its percentage of the whole. */
    String describe() {
      double all = total();
      return String.format(
          Locale.ROOT,
          "CPU per 1,000 tasks: scheduler %.0f ms (%.0f%%), worker %.0f ms (%.0f%%), PostgreSQL"
              + " %.0f ms (%.0f%%: %.0f serving the scheduler, %.0f the worker); %.0f ms in all,"
              + " over %,d tasks",
          scheduler,
          100 * scheduler / all,
          worker,
          100 * worker / all,
          postgres(),
          100 * postgres() / all,
          schedulerDb,
          workerDb,
          all,
          tasks);
    }
  }

  /** The CPU used so far by the two processes and by the backends of their connections. */
  static CpuUse snapshot(BenchBackends b, long schedulerPid, long workerPid) {
    Map<Long, Duration> processes = new HashMap<>();
    processes.put(schedulerPid, cpuOf(schedulerPid));
    processes.put(workerPid, cpuOf(workerPid));
    Map<Long, String> owners = new HashMap<>();
    b.database
        .dsl()
        .resultQuery(
            "select pid, application_name from pg_stat_activity"
                + " where datname = current_database() and application_name in (?, ?)",
            SCHEDULER,
            WORKER)
        .forEach(r -> owners.put(r.get(0, Long.class), r.get(1, String.class)));
    Map<Long, Duration> backends = new HashMap<>();
    owners.keySet().forEach(pid -> backends.put(pid, cpuOf(pid)));
    return new CpuUse(processes, owners, backends);
  }

  /** What was spent from {@code before} to this snapshot, per 1,000 of {@code tasks}. */
  PerThousand since(CpuUse before, long schedulerPid, long workerPid, int tasks) {
    double scale = 1000.0 / Math.max(1, tasks);
    double schedulerDb = 0;
    double workerDb = 0;
    for (Map.Entry<Long, Duration> e : backends.entrySet()) {
      // A connection opened in between: all its time is the run's.
      Duration spent = e.getValue().minus(before.backends.getOrDefault(e.getKey(), Duration.ZERO));
      if (SCHEDULER.equals(backendOwners.get(e.getKey()))) {
        schedulerDb += millis(spent);
      } else {
        workerDb += millis(spent);
      }
    }
    return new PerThousand(
        scale * millis(processes.get(schedulerPid).minus(before.processes.get(schedulerPid))),
        scale * millis(processes.get(workerPid).minus(before.processes.get(workerPid))),
        scale * schedulerDb,
        scale * workerDb,
        tasks);
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }

  /** User + system time of a process; zero once it has ended. */
  private static Duration cpuOf(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
  }
}
