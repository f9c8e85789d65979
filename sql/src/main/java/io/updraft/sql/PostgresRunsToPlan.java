package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG;
import static io.updraft.sql.jooq.Tables.DAG_RUN;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;

import io.updraft.core.run.RunToPlan;
import io.updraft.core.state.TaskState;
import io.updraft.sql.jooq.tables.records.DagRunRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The runs an event asks to plan, with their DAG's version and paused flag and their task counts by
 * state, in one statement instead of three.
 */
final class PostgresRunsToPlan {
  private PostgresRunsToPlan() {}

  static List<RunToPlan> find(DSLContext dsl, Collection<Long> dagRunIds) {
    if (dagRunIds.isEmpty()) {
      return List.of();
    }
    // One row per run and state of its tasks (one with a null state for a run without any). The
    // tasks are counted before the join, as the count of one run was: grouping the joined rows
    // would carry each run's whole row through 10,000 tasks.
    Map<Long, DagRunRecord> byId = new LinkedHashMap<>();
    Map<Long, String> versions = new HashMap<>();
    Map<Long, Boolean> paused = new HashMap<>();
    Map<Long, Map<TaskState, Integer>> counts = new HashMap<>();
    Field<Integer> n = DSL.count().as("n");
    Table<?> byState =
        DSL.select(TASK_INSTANCE.DAG_RUN_ID, TASK_INSTANCE.STATE, n)
            .from(TASK_INSTANCE)
            .where(TASK_INSTANCE.DAG_RUN_ID.in(dagRunIds))
            .groupBy(TASK_INSTANCE.DAG_RUN_ID, TASK_INSTANCE.STATE)
            .asTable("by_state");
    Field<String> state = byState.field(TASK_INSTANCE.STATE);
    Field<Integer> count = byState.field(n);
    dsl.select(DAG_RUN.fields())
        .select(DAG.VERSION_HASH, DAG.IS_PAUSED, state, count)
        .from(DAG_RUN)
        .join(DAG)
        .on(DAG.DAG_ID.eq(DAG_RUN.DAG_ID))
        .leftJoin(byState)
        .on(byState.field(TASK_INSTANCE.DAG_RUN_ID).eq(DAG_RUN.ID))
        .where(DAG_RUN.ID.in(dagRunIds))
        .forEach(
            r -> {
              long id = r.get(DAG_RUN.ID);
              byId.computeIfAbsent(id, k -> r.into(DAG_RUN));
              versions.put(id, r.get(DAG.VERSION_HASH));
              paused.put(id, r.get(DAG.IS_PAUSED));
              Map<TaskState, Integer> mine =
                  counts.computeIfAbsent(id, k -> new EnumMap<>(TaskState.class));
              if (r.get(state) != null) {
                mine.put(TaskState.fromWireName(r.get(state)), r.get(count));
              }
            });
    List<RunToPlan> out = new ArrayList<>(byId.size());
    byId.forEach(
        (id, r) ->
            out.add(
                new RunToPlan(
                    PostgresRows.dagRun(r),
                    versions.get(id),
                    Boolean.TRUE.equals(paused.get(id)),
                    counts.get(id))));
    return out;
  }
}
