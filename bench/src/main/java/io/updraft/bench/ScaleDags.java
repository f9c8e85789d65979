package io.updraft.bench;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale benchmark's DAGs, made in code: half every minute ({@code * * * * *}), half hourly at
 * one minute of the hour ({@code M * * * *}), each a chain of {@link #TASKS} no-op tasks. Picking
 * the hourly ones' minute as the boundary measured makes every DAG fire in that same minute.
 */
final class ScaleDags {
  static final int TASKS = 5;

  private ScaleDags() {}

  /** {@code count} DAGs, {@code scale_0000}, ...; the even ones every minute, the odd hourly. */
  static DagBag bag(int count, int hourlyMinute, Instant startDate) {
    List<Dag> dags = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      dags.add(dag(i, hourlyMinute, startDate));
    }
    return DagBag.of(dags.toArray(Dag[]::new));
  }

  static String id(int i) {
    return String.format(java.util.Locale.ROOT, "scale_%04d", i);
  }

  static boolean everyMinute(int i) {
    return i % 2 == 0;
  }

  private static Dag dag(int i, int hourlyMinute, Instant startDate) {
    Dag.Builder dag =
        Dag.builder(id(i))
            .schedule(everyMinute(i) ? "* * * * *" : hourlyMinute + " * * * *")
            .startDate(startDate)
            // Only the interval that just ended: the benchmark times that one firing.
            .catchup(false)
            .tags("scale", everyMinute(i) ? "minutely" : "hourly");
    String previous = null;
    for (int t = 0; t < TASKS; t++) {
      Task task = Task.java("step_" + t, ctx -> null);
      dag.task(previous == null ? task : task.after(previous));
      previous = "step_" + t;
    }
    return dag.build();
  }
}
