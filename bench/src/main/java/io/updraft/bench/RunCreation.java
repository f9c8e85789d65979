package io.updraft.bench;

import io.updraft.core.dag.Dag;
import io.updraft.core.run.NewDagRun;
import java.time.Instant;
import java.util.Map;

/**
 * How fast runs of a 100-task DAG are created: each a committed transaction that inserts the run
 * and its 100 task instances, as a trigger from the API, the CLI or the scheduler's timetable does.
 * One thread, no scheduler or worker running; the runs are deleted afterwards.
 */
final class RunCreation {
  private RunCreation() {}

  /** Runs created per second, after {@code warmup} unmeasured ones. */
  static double runsPerSecond(BenchBackends b, int warmup, int runs) {
    Dag dag = BenchDags.HUNDRED;
    b.dags.save(dag.structure(), b.clock.instant());
    Instant base = Instant.parse("2000-01-01T00:00:00Z");
    for (int i = 0; i < warmup; i++) {
      create(b, dag, base.plusSeconds(i));
    }
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      create(b, dag, base.plusSeconds(warmup + i));
    }
    return runs * 1e9 / (System.nanoTime() - start);
  }

  private static void create(BenchBackends b, Dag dag, Instant logicalDate) {
    b.runs
        .createRun(NewDagRun.manual(dag.id(), logicalDate, Map.of()), dag.structure())
        .orElseThrow();
  }
}
