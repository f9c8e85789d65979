package io.updraft.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Generates the history the pages are timed under, in SQL: {@code runsPerDag} finished scheduled
 * runs of every {@code scale_*} DAG (one a minute or an hour apart by its schedule, 1 in 25
 * failed), their {@link ScaleDags#TASKS} task instances (a failed run: its third task failed, the
 * rest upstream failed) and three state changes per task instance (queued, running, ended), as the
 * Gantt and the tries read them. Logs and XCom are left out.
 */
final class ScaleHistory {
  private static final String RUNS =
      """
      insert into dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                           data_interval_end, dag_version, code_version, queued_at, start_date,
                           end_date)
      select d.dag_id,
             'scheduled__' || to_char(r.ld at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
               || '+00:00',
             'scheduled', case when r.i % 25 = 7 then 'failed' else 'success' end,
             r.ld, r.ld, r.ld + r.step, d.version_hash, d.code_version, r.ld + r.step,
             r.ld + r.step + interval '1 second',
             r.ld + r.step + interval '1 second' + (5 + r.i % 50) * interval '1 second'
        from dag d
        cross join lateral (
          select i, ?::timestamptz - i * s.step as ld, s.step
            from (select case when d.schedule = '* * * * *' then interval '1 minute'
                              else interval '1 hour' end as step) s,
                 generate_series(1, ?) i) r
       where d.dag_id like 'scale\\_%'
      on conflict do nothing
      """;

  private static final String TASK_INSTANCES =
      """
      insert into task_instance (dag_run_id, dag_id, run_id, task_id, state, try_number,
                                 max_tries, queue, pool, priority_weight, worker, queued_at,
                                 start_date, end_date, updated_at)
      select r.id, r.dag_id, r.run_id, 'step_' || t,
             case when r.state = 'success' or t < 2 then 'success'
                  when t = 2 then 'failed' else 'upstream_failed' end,
             1, 0, 'default', 'default_pool', 1,
             case when r.state = 'success' or t <= 2 then 'scale-worker' end,
             case when r.state = 'success' or t <= 2 then r.start_date + t * interval '1 second' end,
             case when r.state = 'success' or t <= 2
                  then r.start_date + t * interval '1 second' + interval '10 milliseconds' end,
             r.start_date + (t + 1) * interval '1 second',
             r.start_date + (t + 1) * interval '1 second'
        from dag_run r cross join generate_series(0, %d) t
       where r.dag_id like 'scale\\_%%' and r.logical_date < ?::timestamptz
         and not exists (select 1 from task_instance t where t.dag_run_id = r.id)
      """
          .formatted(ScaleDags.TASKS - 1);

  private static final String STATE_CHANGES =
      """
      insert into task_instance_history (task_instance_id, try_number, from_state, to_state,
                                         worker, changed_at)
      select ti.id, 1, c.from_state, case when c.n = 3 then ti.state else c.to_state end,
             ti.worker,
             case c.n when 1 then ti.queued_at when 2 then ti.start_date else ti.end_date end
        from task_instance ti
        cross join (values (1, 'scheduled', 'queued'), (2, 'queued', 'running'),
                           (3, 'running', null)) c(n, from_state, to_state)
       where ti.worker is not null and ti.dag_id like 'scale\\_%' and ti.queued_at < ?::timestamptz
         and not exists (select 1 from task_instance_history h where h.task_instance_id = ti.id)
      """;

  private ScaleHistory() {}

  /** What was made: rows of each table and how long each insert took. */
  record Result(long runs, long taskInstances, long stateChanges, List<String> steps) {}

  /** Generates the history before {@code before}, so that it never meets the runs just made. */
  static Result generate(DataSource dataSource, int runsPerDag, Instant before)
      throws SQLException {
    // The scale DAGs' run of the boundary measured, and of the minutes around it, are later.
    List<String> steps = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      long runs = timed(c, RUNS, steps, "dag_run", before, runsPerDag);
      long tis = timed(c, TASK_INSTANCES, steps, "task_instance", before, null);
      long changes = timed(c, STATE_CHANGES, steps, "task_instance_history", before, null);
      long start = System.nanoTime();
      try (var s = c.createStatement()) {
        // As autovacuum would in a database that has lived with this history.
        s.execute("vacuum analyze dag_run, task_instance, task_instance_history");
      }
      steps.add(String.format("vacuum analyze: %.1f s", (System.nanoTime() - start) / 1e9));
      return new Result(runs, tis, changes, steps);
    }
  }

  private static long timed(
      Connection c, String sql, List<String> steps, String table, Instant before, Integer count)
      throws SQLException {
    long start = System.nanoTime();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setTimestamp(1, Timestamp.from(before));
      if (count != null) {
        s.setInt(2, count);
      }
      int rows = s.executeUpdate();
      steps.add(
          String.format("%s: %,d rows in %.1f s", table, rows, (System.nanoTime() - start) / 1e9));
      return rows;
    }
  }

  /** A size in bytes: the database's, or a table's with its indexes and TOAST. */
  record Size(String name, long bytes) {}

  /** The database's size and its four largest tables'. */
  static List<Size> sizes(DataSource dataSource) throws SQLException {
    List<Size> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                """
                select 'database', pg_database_size(current_database())
                union all
                select * from (
                  select relname::text, pg_total_relation_size(oid)
                    from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace
                   order by 2 desc limit 4) t
                """)) {
      while (rs.next()) {
        out.add(new Size(rs.getString(1), rs.getLong(2)));
      }
    }
    return out;
  }

  /** {@code count} runs of the history, spread over the DAGs: {dag_id, run_id}. */
  static List<String[]> sampleRuns(DataSource dataSource, int count) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select dag_id, run_id from dag_run"
                    + " where dag_id like 'scale\\_%' order by random() limit ?")) {
      s.setInt(1, count);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    return out;
  }
}
