package io.updraft.bench;

import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jooq.Record;

/**
 * Runs of the 10-task DAG {@link BenchDags#TEN}, triggered from 4 threads (as an API under load
 * would create them) through the processes already running, timed from the first trigger to the
 * last run's end: tasks per second with DAG runs, not bare tasks.
 */
final class TenTaskRuns {
  private static final int TRIGGER_THREADS = 4;

  // Each run gets a logical date of its own, across calls too.
  private static final Instant BASE = Instant.now();
  private static final AtomicLong NEXT = new AtomicLong();

  private TenTaskRuns() {}

  /** What it measured: {@code done} of the runs' tasks succeeded within {@code nanos}. */
  record Result(int runs, int tasks, int done, long nanos) {
    double tasksPerSecond() {
      return done * 1e9 / nanos;
    }

    boolean ended() {
      return done == tasks;
    }
  }

  static Result measure(BenchBackends b, int runs, Duration limit) {
    String dagId = BenchDags.TEN.id();
    int tasksPerRun = BenchDags.TEN.tasks().size();
    int before = succeededRuns(b, dagId);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    long start = System.nanoTime();
    try (ExecutorService triggers = Executors.newFixedThreadPool(TRIGGER_THREADS)) {
      for (int i = 0; i < runs; i++) {
        Instant logicalDate = BASE.plusMillis(NEXT.getAndIncrement());
        triggers.execute(
            () -> {
              try {
                DagRun run =
                    b.runs
                        .createRun(
                            NewDagRun.manual(dagId, logicalDate, Map.of()),
                            BenchDags.TEN.structure())
                        .orElseThrow();
                b.events.publish(run.id());
              } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
              }
            });
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Cannot trigger the runs of " + dagId, failure.get());
    }
    long deadline = start + limit.toNanos();
    int succeeded = 0;
    while (System.nanoTime() < deadline) {
      succeeded = succeededRuns(b, dagId) - before;
      if (succeeded == runs) {
        break;
      }
      LockSupport.parkNanos(10_000_000);
    }
    long nanos = System.nanoTime() - start;
    // Cut short by the limit: the tasks done by then (runs still going have some).
    int done = succeeded == runs ? runs * tasksPerRun : succeeded * tasksPerRun;
    return new Result(runs, runs * tasksPerRun, done, nanos);
  }

  /** The DAG's runs that succeeded; fails as soon as one did not. */
  private static int succeededRuns(BenchBackends b, String dagId) {
    Record r =
        b.database
            .dsl()
            .resultQuery(
                "select count(*) filter (where state = 'success'),"
                    + " count(*) filter (where state = 'failed') from dag_run where dag_id = ?",
                dagId)
            .fetchOne();
    if (r.get(1, Integer.class) > 0) {
      throw new IllegalStateException(r.get(1, Integer.class) + " runs of " + dagId + " failed");
    }
    return r.get(0, Integer.class);
  }
}
