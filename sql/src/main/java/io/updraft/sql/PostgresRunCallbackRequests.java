package io.updraft.sql;

import io.updraft.core.run.RunCallbackRequests;
import io.updraft.core.state.RunState;
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

/** {@link RunCallbackRequests} in the {@code dag_run_callback} table (migration V038). */
public final class PostgresRunCallbackRequests implements RunCallbackRequests {
  private static final int MAX_ERROR = 2000;

  private final DataSource dataSource;

  public PostgresRunCallbackRequests(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<Request> claim(String owner, int limit, Instant now, Duration staleAfter) {
    String sql =
        """
        update dag_run_callback set claimed_at = ?, claimed_by = ?
        where id in (
            select id from dag_run_callback
            where done_at is null and (claimed_at is null or claimed_at < ?)
            order by id limit ? for update skip locked)
        returning id, dag_run_id, state
        """;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setString(2, owner);
      ps.setTimestamp(3, Timestamp.from(now.minus(staleAfter)));
      ps.setInt(4, limit);
      List<Request> claimed = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          claimed.add(
              new Request(rs.getLong(1), rs.getLong(2), RunState.fromWireName(rs.getString(3))));
        }
      }
      claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
      return claimed;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot claim DAG run callback requests: " + e, e);
    }
  }

  @Override
  public void done(long requestId, Instant at) {
    // Every finished run writes a request: the done ones go at once, so the table stays small.
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("delete from dag_run_callback where id = ?")) {
      ps.setLong(1, requestId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot mark DAG run callback request " + requestId + " done: " + e, e);
    }
  }

  @Override
  public void failed(long requestId, Instant at, String error) {
    String kept = error == null ? "failed" : error;
    mark(requestId, at, kept.length() > MAX_ERROR ? kept.substring(0, MAX_ERROR) : kept);
  }

  private void mark(long requestId, Instant at, String error) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("update dag_run_callback set done_at = ?, error = ? where id = ?")) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setString(2, error);
      ps.setLong(3, requestId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot mark DAG run callback request " + requestId + ": " + e, e);
    }
  }
}
