package io.updraft.api;

import io.updraft.api.view.GridView;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The grid's column heads: each run's short logical date under a bar whose height is the run's
 * duration against the longest run shown, as Airflow's grid draws them.
 */
final class RunColumns {
  static final DateTimeFormatter SHORT =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private RunColumns() {}

  /**
   * @param runs oldest first
   */
  static List<GridView.Column> of(List<DagRun> runs, Map<Long, List<TaskInstance>> taskInstances) {
    long[] millis = new long[runs.size()];
    long longest = 1;
    for (int i = 0; i < runs.size(); i++) {
      millis[i] =
          durationMillis(runs.get(i), taskInstances.getOrDefault(runs.get(i).id(), List.of()));
      longest = Math.max(longest, millis[i]);
    }
    List<GridView.Column> columns = new ArrayList<>(runs.size());
    for (int i = 0; i < runs.size(); i++) {
      DagRun run = runs.get(i);
      // A run that took no time still gets a sliver, so its state's colour shows.
      int height = (int) Math.max(2, Math.round(GridView.BAR_MAX * (double) millis[i] / longest));
      columns.add(
          new GridView.Column(
              run.runId(),
              run.state().wireName(),
              Links.run(run.dagId(), run.runId()),
              SHORT.format(run.logicalDate()),
              run.runId()
                  + " | logical date "
                  + NextRun.TIME.format(run.logicalDate())
                  + " | "
                  + run.state().wireName()
                  + (run.startDate() == null
                      ? ""
                      : " | " + UiPagesHandler.duration(Duration.ofMillis(millis[i]))),
              height));
    }
    return columns;
  }

  /**
   * From the run's start to its end; a run still going is measured to the latest moment one of its
   * tasks was seen, so the page needs no clock and a reload shows the bar grow.
   */
  static long durationMillis(DagRun run, List<TaskInstance> tis) {
    if (run.startDate() == null) {
      return 0;
    }
    Instant end = run.endDate();
    if (end == null) {
      end = run.startDate();
      for (TaskInstance ti : tis) {
        end = latest(latest(latest(end, ti.queuedAt()), ti.startDate()), ti.endDate());
      }
    }
    return Math.max(0, Duration.between(run.startDate(), end).toMillis());
  }

  private static Instant latest(Instant a, Instant b) {
    return b != null && b.isAfter(a) ? b : a;
  }
}
