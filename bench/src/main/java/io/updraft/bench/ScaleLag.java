package io.updraft.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads, from the database, how late the runs of one minute boundary came: from the scheduled time
 * (the end of the data interval) to the run's row ({@code dag_run.queued_at}, set when it is
 * inserted) and to its first task's start ({@code task_instance.start_date}, set by the worker).
 */
final class ScaleLag {
  private static final String LAGS =
      """
      select extract(epoch from r.queued_at - r.data_interval_end) * 1000,
             extract(epoch from ti.start_date - r.data_interval_end) * 1000
        from dag_run r
        left join task_instance ti on ti.dag_run_id = r.id and ti.task_id = 'step_0'
       where r.data_interval_end = ? and r.run_type = 'scheduled'
      """;

  private ScaleLag() {}

  /** Lags in milliseconds; a first task not started yet has no entry in {@code firstTask}. */
  record Result(int runs, List<Double> row, List<Double> firstTask) {
    boolean complete(int expected) {
      return runs >= expected && firstTask.size() >= expected;
    }
  }

  /** Waits until every DAG's run of {@code boundary} has its first task started, or the limit. */
  static Result await(DataSource dataSource, Instant boundary, int expected, Duration limit)
      throws SQLException, InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    Result result = read(dataSource, boundary);
    while (!result.complete(expected) && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      result = read(dataSource, boundary);
    }
    return result;
  }

  static Result read(DataSource dataSource, Instant boundary) throws SQLException {
    List<Double> row = new ArrayList<>();
    List<Double> first = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(LAGS)) {
      s.setTimestamp(1, Timestamp.from(boundary));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          row.add(rs.getDouble(1));
          double started = rs.getDouble(2);
          if (!rs.wasNull()) {
            first.add(started);
          }
        }
      }
    }
    return new Result(row.size(), row, first);
  }
}
