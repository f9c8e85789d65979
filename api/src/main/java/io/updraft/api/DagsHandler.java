package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.StoredDag;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/dags}: the DAGs the scheduler stored, from the {@code dag} table only. */
final class DagsHandler {
  record DagJson(
      String dagId,
      String description,
      String scheduleInterval,
      String timezone,
      boolean isPaused,
      List<String> tags,
      String versionHash,
      Instant startDate,
      boolean catchup,
      int taskCount,
      Instant lastParsedTime) {

    static DagJson of(StoredDag dag) {
      DagStructure s = dag.structure();
      return new DagJson(
          dag.dagId(),
          s.description(),
          s.schedule(),
          s.timezone(),
          dag.paused(),
          s.tags(),
          dag.versionHash(),
          s.startDate(),
          s.catchup(),
          s.tasks().size(),
          dag.updatedAt());
    }
  }

  record DagList(List<DagJson> dags, int totalEntries) {}

  private final DagStore dags;

  DagsHandler(DagStore dags) {
    this.dags = dags;
  }

  void list(Context ctx) {
    List<DagJson> all = dags.list().stream().map(DagJson::of).toList();
    ctx.json(new DagList(all, all.size()));
  }
}
