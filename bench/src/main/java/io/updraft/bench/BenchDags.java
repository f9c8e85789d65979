package io.updraft.bench;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;

/** The benchmark's DAGs: many independent no-op tasks, and a small fan-out/fan-in DAG. */
final class BenchDags {
  static final int WIDE_TASKS = 10_000;

  /** 10,000 independent no-op tasks in one run. */
  static final Dag WIDE = wide();

  /** 10 no-op tasks: start, 8 in parallel, end. */
  static final Dag FAN = fan();

  private BenchDags() {}

  static DagBag bag() {
    return DagBag.of(WIDE, FAN);
  }

  private static Dag wide() {
    Dag.Builder dag = Dag.builder("bench_wide");
    for (int i = 0; i < WIDE_TASKS; i++) {
      dag.task(Task.java("noop_" + i, ctx -> null));
    }
    return dag.build();
  }

  private static Dag fan() {
    Dag.Builder dag = Dag.builder("bench_fan").task(Task.java("start", ctx -> null));
    String[] middle = new String[8];
    for (int i = 0; i < 8; i++) {
      middle[i] = "middle_" + i;
      dag.task(Task.java(middle[i], ctx -> null).after("start"));
    }
    return dag.task(Task.java("end", ctx -> null).after(middle)).build();
  }
}
