package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.WORKER;

import io.updraft.core.run.WorkerDirectory;
import io.updraft.core.run.WorkerInfo;
import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;

/** The {@code worker} table, as workers write it when they start and heartbeat. */
public final class PostgresWorkerDirectory implements WorkerDirectory {
  private final DSLContext dsl;

  public PostgresWorkerDirectory(Database database) {
    this.dsl = database.dsl();
  }

  @Override
  public List<WorkerInfo> list() {
    return dsl.selectFrom(WORKER)
        .orderBy(WORKER.LAST_SEEN.desc().nullsLast(), WORKER.NAME)
        .fetch(
            r ->
                new WorkerInfo(
                    r.getName(),
                    r.getHostname(),
                    queues(r.getQueues()),
                    r.getSlots() == null ? 0 : r.getSlots(),
                    r.getRunning() == null ? 0 : r.getRunning(),
                    r.getStartedAt(),
                    r.getLastSeen()));
  }

  private static List<String> queues(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(",")).map(String::strip).filter(q -> !q.isEmpty()).toList();
  }
}
