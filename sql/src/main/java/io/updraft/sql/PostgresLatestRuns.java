package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG_RUN;

import io.updraft.core.run.DagRun;
import io.updraft.core.schedule.DataInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * The newest runs of many DAGs, each read through the DAG's (dag_id, logical_date) index in one
 * statement for all of them: a page of thousands of DAGs, or a schedule's boundary, is one query.
 */
final class PostgresLatestRuns {
  private PostgresLatestRuns() {}

  static Map<String, List<DagRun>> listRuns(DSLContext dsl, Collection<String> dagIds, int limit) {
    Map<String, List<DagRun>> out = new LinkedHashMap<>();
    dagIds.forEach(id -> out.put(id, new ArrayList<>()));
    if (dagIds.isEmpty()) {
      return out;
    }
    // Each DAG's newest runs through its (dag_id, logical_date) index, in one statement.
    dsl.resultQuery(
            """
            select r.* from unnest(?::text[]) d(dag_id)
              cross join lateral (
                select * from dag_run where dag_run.dag_id = d.dag_id
                 order by logical_date desc limit ?) r
            """,
            dagIds.toArray(String[]::new),
            limit)
        .fetchInto(DAG_RUN)
        .forEach(r -> out.get(r.getDagId()).add(PostgresRows.dagRun(r)));
    return out;
  }

  static Map<String, DataInterval> lastScheduledIntervals(
      DSLContext dsl, Collection<String> dagIds) {
    Map<String, DataInterval> out = new HashMap<>();
    if (dagIds.isEmpty()) {
      return out;
    }
    dsl.resultQuery(
            """
            select d.dag_id, r.data_interval_start, r.data_interval_end
              from unnest(?::text[]) d(dag_id)
              cross join lateral (
                select data_interval_start, data_interval_end from dag_run
                 where dag_run.dag_id = d.dag_id and run_type = 'scheduled'
                 order by logical_date desc limit 1) r
            """,
            (Object) dagIds.toArray(String[]::new))
        .forEach(
            r ->
                out.put(
                    r.get(0, String.class),
                    new DataInterval(r.get(1, Instant.class), r.get(2, Instant.class))));
    return out;
  }
}
