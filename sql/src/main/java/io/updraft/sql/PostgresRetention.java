package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG_RUN;
import static org.jooq.impl.DSL.coalesce;

import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Purges finished runs older than a cutoff; their task instances, history, XCom and logs go with
 * them through the cascades of the foreign keys and of the trigger that deletes task instances'
 * history and logs (V047). It deletes in small batches, each its own short transaction, so a large
 * purge never holds locks that would stall the scheduler.
 */
public final class PostgresRetention {
  private static final List<String> FINISHED = List.of("success", "failed");

  private final DSLContext dsl;

  public PostgresRetention(Database database) {
    this.dsl = database.dsl();
  }

  /** Finished runs that ended (or, never started, were due) before {@code cutoff}. */
  public int countRunsBefore(Instant cutoff) {
    return dsl.fetchCount(DAG_RUN, finishedBefore(cutoff));
  }

  /** Deletes them {@code batchSize} at a time; returns how many runs were deleted. */
  public int deleteRunsBefore(Instant cutoff, int batchSize) {
    int total = 0;
    while (true) {
      int deleted =
          dsl.deleteFrom(DAG_RUN)
              .where(
                  DAG_RUN.ID.in(
                      dsl.select(DAG_RUN.ID)
                          .from(DAG_RUN)
                          .where(finishedBefore(cutoff))
                          .orderBy(DAG_RUN.ID)
                          .limit(batchSize)))
              .execute();
      total += deleted;
      if (deleted < batchSize) {
        return total;
      }
    }
  }

  private static org.jooq.Condition finishedBefore(Instant cutoff) {
    return DAG_RUN
        .STATE
        .in(FINISHED)
        .and(coalesce(DAG_RUN.END_DATE, DAG_RUN.LOGICAL_DATE).lt(cutoff));
  }
}
