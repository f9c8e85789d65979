package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;
import java.time.Instant;
import java.util.Optional;

/**
 * The condition of {@link Task#latestOnly}, Airflow's {@code LatestOnlyOperator}: a run is the
 * latest while the time is past its data interval's end and not past the next interval's end. A
 * catch-up or backfill run of an older interval is not, and skips what follows; a manual run always
 * goes on, as does a run with no next interval (no schedule, or past the end date).
 */
final class LatestOnly {
  private LatestOnly() {}

  static boolean isLatest(TaskContext ctx) {
    if ("manual".equals(ctx.runType())) {
      ctx.log().info("A manual run: what follows runs");
      return true;
    }
    Optional<Instant> nextEnd = ctx.nextDataIntervalEnd();
    if (nextEnd.isEmpty()) {
      ctx.log().info("No interval follows this run's: what follows runs");
      return true;
    }
    Instant now = ctx.clock().instant();
    boolean latest = now.isAfter(ctx.dataIntervalEnd()) && !now.isAfter(nextEnd.get());
    ctx.log()
        .info(
            (latest ? "The latest run" : "Not the latest run: what follows is skipped")
                + " (now "
                + now
                + ", window "
                + ctx.dataIntervalEnd()
                + " to "
                + nextEnd.get()
                + ")");
    return latest;
  }
}
