package io.updraft.sql;

import io.updraft.core.json.Json;
import io.updraft.core.run.CallbackRequests;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/** {@link CallbackRequests} in the {@code callback_request} table (migration V042). */
public final class PostgresCallbackRequests implements CallbackRequests {
  private static final int MAX_ERROR = 2000;

  private final DataSource dataSource;

  public PostgresCallbackRequests(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<Request> claim(
      Set<String> kinds,
      String owner,
      int limit,
      Instant now,
      Duration staleAfter,
      int maxAttempts) {
    if (kinds.isEmpty()) {
      return List.of();
    }
    Timestamp stale = Timestamp.from(now.minus(staleAfter));
    try (Connection c = dataSource.getConnection()) {
      abandon(c, kinds, now, stale, maxAttempts);
      return claimed(c, kinds, owner, limit, now, stale);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot claim callback requests: " + e, e);
    }
  }

  /**
   * A request claimed {@code maxAttempts} times whose last claim went stale took its scheduler down
   * each time (or every scheduler stopped meanwhile): it is kept as failed rather than tried
   * forever.
   */
  private static void abandon(
      Connection c, Set<String> kinds, Instant now, Timestamp stale, int maxAttempts)
      throws SQLException {
    String sql =
        """
        update callback_request
        set done_at = ?, error = 'claimed ' || attempts || ' times by schedulers that stopped before'
            || ' it was done; not tried again'
        where done_at is null and kind = any(?) and attempts >= ? and claimed_at < ?
        """;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setArray(2, c.createArrayOf("varchar", kinds.toArray()));
      ps.setInt(3, maxAttempts);
      ps.setTimestamp(4, stale);
      ps.executeUpdate();
    }
  }

  private static List<Request> claimed(
      Connection c, Set<String> kinds, String owner, int limit, Instant now, Timestamp stale)
      throws SQLException {
    String sql =
        """
        update callback_request set claimed_at = ?, claimed_by = ?, attempts = attempts + 1
        where id in (
            select id from callback_request
            where done_at is null and kind = any(?) and (claimed_at is null or claimed_at < ?)
            order by id limit ? for update skip locked)
        returning id, kind, dag_run_id, payload::text, attempts
        """;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setString(2, owner);
      ps.setArray(3, c.createArrayOf("varchar", kinds.toArray()));
      ps.setTimestamp(4, stale);
      ps.setInt(5, limit);
      List<Request> claimed = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          claimed.add(
              new Request(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getLong(3),
                  payload(rs.getString(4)),
                  rs.getInt(5)));
        }
      }
      claimed.sort(Comparator.comparingLong(Request::id));
      return claimed;
    }
  }

  private static Map<String, Object> payload(String json) {
    return Json.parseObject(json, "a callback request's payload");
  }

  @Override
  public void done(long requestId, Instant at) {
    // Every finished run writes a request: the done ones go at once, so the table stays small.
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("delete from callback_request where id = ?")) {
      ps.setLong(1, requestId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot mark callback request " + requestId + " done: " + e, e);
    }
  }

  @Override
  public void failed(long requestId, Instant at, String error) {
    String kept = error == null ? "failed" : error;
    kept = kept.length() > MAX_ERROR ? kept.substring(0, MAX_ERROR) : kept;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("update callback_request set done_at = ?, error = ? where id = ?")) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setString(2, kept);
      ps.setLong(3, requestId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot mark callback request " + requestId + ": " + e, e);
    }
  }
}
