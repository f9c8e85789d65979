package io.updraft.worker;

import static io.updraft.sql.jooq.Tables.TASK_INSTANCE_HISTORY;

import io.updraft.sql.Database;
import java.util.List;

/** Reads task_instance_history, to prove what happened to each try. */
final class History {
  private History() {}

  /** "try:from->to" for each change of one task instance, oldest first. */
  static List<String> of(Database database, long taskInstanceId) {
    return database
        .dsl()
        .selectFrom(TASK_INSTANCE_HISTORY)
        .where(TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID.eq(taskInstanceId))
        .orderBy(TASK_INSTANCE_HISTORY.ID)
        .fetch(r -> r.getTryNumber() + ":" + r.getFromState() + "->" + r.getToState());
  }
}
