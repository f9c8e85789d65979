package io.updraft.bench;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;

/** The benchmark's DAGs: many independent no-op tasks, and a small fan-out/fan-in DAG. */
final class BenchDags {
  static final int WIDE_TASKS = 10_000;

  /**
   * The benchmark measures the engine, not its limits: its DAGs lift max_active_tasks and
   * max_active_runs (16 each by default, as in Airflow) and run in a pool of their own with a slot
   * per task (the default pool has 128), which {@link ThroughputRun} creates. Celery, the peer, has
   * no such limits.
   */
  static final String POOL = "bench";

  static final int FAN_RUNS = 1000;

  /** 10,000 independent no-op tasks in one run. */
  static final Dag WIDE = wide();

  /** 10 no-op tasks: start, 8 in parallel, end. */
  static final Dag FAN = fan();

  private BenchDags() {}

  static DagBag bag() {
    return DagBag.of(WIDE, FAN);
  }

  private static Dag wide() {
    Dag.Builder dag = Dag.builder("bench_wide").maxActiveTasks(WIDE_TASKS);
    for (int i = 0; i < WIDE_TASKS; i++) {
      dag.task(Task.java("noop_" + i, ctx -> null).pool(POOL));
    }
    return dag.build();
  }

  private static Dag fan() {
    Dag.Builder dag =
        Dag.builder("bench_fan")
            .maxActiveTasks(WIDE_TASKS)
            .maxActiveRuns(FAN_RUNS)
            .task(Task.java("start", ctx -> null).pool(POOL));
    String[] middle = new String[8];
    for (int i = 0; i < 8; i++) {
      middle[i] = "middle_" + i;
      dag.task(Task.java(middle[i], ctx -> null).after("start").pool(POOL));
    }
    return dag.task(Task.java("end", ctx -> null).after(middle).pool(POOL)).build();
  }
}
