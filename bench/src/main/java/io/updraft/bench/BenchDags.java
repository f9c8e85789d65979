package io.updraft.bench;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;

/**
 * The benchmark's DAGs: many independent no-op tasks, and a 100-task DAG whose runs are created.
 */
final class BenchDags {
  static final int WIDE_TASKS = 10_000;

  /**
   * A pool as large as the worker's slots: the default pool's 128 slots, and the default of 16
   * active tasks per DAG, would measure those limits instead of the machinery.
   */
  static final String POOL = "bench";

  /** 10,000 independent no-op tasks in one run. */
  static final Dag WIDE = wide();

  /** Runs of {@link #TEN} in the DAG-runs throughput row. */
  static final int TEN_RUNS = 1_000;

  /** Unmeasured runs of {@link #TEN} first: the JIT compiles the paths DAG runs take. */
  static final int TEN_WARMUP_RUNS = TEN_RUNS / 10;

  /**
   * 10 no-op tasks shaped as many ETL DAGs are: one task, eight after it in parallel, one after
   * those. Its runs start, fan out, hand over and join.
   */
  static final Dag TEN = ten();

  /** 100 no-op tasks: 10 chains of 10. Only its runs' creation is timed; they never run. */
  static final Dag HUNDRED = hundred();

  private BenchDags() {}

  /** What the scheduler and worker processes know. */
  static DagBag bag() {
    return DagBag.of(WIDE, TEN);
  }

  private static Dag wide() {
    Dag.Builder dag = Dag.builder("bench_wide").maxActiveTasks(WIDE_TASKS);
    for (int i = 0; i < WIDE_TASKS; i++) {
      dag.task(Task.java("noop_" + i, ctx -> null).pool(POOL));
    }
    return dag.build();
  }

  private static Dag ten() {
    Dag.Builder dag =
        Dag.builder("bench_ten").maxActiveRuns(TEN_RUNS).maxActiveTasks(10 * TEN_RUNS);
    dag.task(Task.java("extract", ctx -> null).pool(POOL));
    String[] middle = new String[8];
    for (int i = 0; i < middle.length; i++) {
      middle[i] = "transform_" + i;
      dag.task(Task.java(middle[i], ctx -> null).pool(POOL).after("extract"));
    }
    dag.task(Task.java("load", ctx -> null).pool(POOL).after(middle));
    return dag.build();
  }

  private static Dag hundred() {
    Dag.Builder dag = Dag.builder("bench_hundred");
    for (int c = 0; c < 10; c++) {
      for (int t = 0; t < 10; t++) {
        Task task = Task.java("c" + c + "_t" + t, ctx -> null);
        dag.task(t == 0 ? task : task.after("c" + c + "_t" + (t - 1)));
      }
    }
    return dag.build();
  }
}
