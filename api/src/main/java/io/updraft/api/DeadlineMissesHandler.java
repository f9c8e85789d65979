package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.deadline.DeadlineMiss;
import io.updraft.core.run.RunBrowser;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/v1/deadlineMisses}: the runs and tasks that were not done by their deadline, newest
 * first, filtered by {@code dag_id} and {@code dag_run_id}.
 */
final class DeadlineMissesHandler {
  record DeadlineMissJson(
      String dagId, String dagRunId, String taskId, Instant deadline, Instant detectedAt) {
    static DeadlineMissJson of(DeadlineMiss m) {
      return new DeadlineMissJson(m.dagId(), m.runId(), m.taskId(), m.deadline(), m.detectedAt());
    }
  }

  record DeadlineMissList(List<DeadlineMissJson> deadlineMisses) {}

  private final RunBrowser browser;

  DeadlineMissesHandler(RunBrowser browser) {
    this.browser = browser;
  }

  void list(Context ctx) {
    List<DeadlineMissJson> misses =
        browser
            .deadlineMisses(
                ctx.queryParam("dag_id"),
                ctx.queryParam("dag_run_id"),
                Paging.limit(ctx),
                Paging.offset(ctx))
            .stream()
            .map(DeadlineMissJson::of)
            .toList();
    ctx.json(new DeadlineMissList(misses));
  }
}
