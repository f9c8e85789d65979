package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.WORKER;

import io.updraft.core.run.WorkerInfo;
import io.updraft.core.run.WorkerStore;
import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;

/** Workers in the {@code worker} table, one row per name, upserted at each heartbeat. */
public final class PostgresWorkerStore implements WorkerStore {
  private final DSLContext dsl;

  public PostgresWorkerStore(Database database) {
    this.dsl = database.dsl();
  }

  @Override
  public void beat(WorkerInfo w) {
    String queues = String.join(",", w.queues());
    dsl.insertInto(WORKER)
        .set(WORKER.NAME, w.name())
        .set(WORKER.HOSTNAME, w.hostname())
        .set(WORKER.QUEUES, queues)
        .set(WORKER.SLOTS, w.slots())
        .set(WORKER.RUNNING, w.running())
        .set(WORKER.STARTED_AT, w.startedAt())
        .set(WORKER.LAST_SEEN, w.lastSeen())
        .onConflict(WORKER.NAME)
        .doUpdate()
        .set(WORKER.HOSTNAME, w.hostname())
        .set(WORKER.QUEUES, queues)
        .set(WORKER.SLOTS, w.slots())
        .set(WORKER.RUNNING, w.running())
        .set(WORKER.STARTED_AT, w.startedAt())
        .set(WORKER.LAST_SEEN, w.lastSeen())
        .execute();
  }

  @Override
  public List<WorkerInfo> list() {
    return dsl.selectFrom(WORKER)
        .orderBy(WORKER.NAME)
        .fetch(
            r ->
                new WorkerInfo(
                    r.getName(),
                    r.getHostname(),
                    r.getQueues() == null || r.getQueues().isEmpty()
                        ? List.of()
                        : Arrays.asList(r.getQueues().split(",")),
                    r.getSlots() == null ? 0 : r.getSlots(),
                    r.getRunning() == null ? 0 : r.getRunning(),
                    r.getStartedAt(),
                    r.getLastSeen()));
  }

  @Override
  public void remove(String name) {
    dsl.deleteFrom(WORKER).where(WORKER.NAME.eq(name)).execute();
  }
}
