package io.updraft.sql;

import io.updraft.core.run.ShippedLogs;
import io.updraft.core.run.TryLogId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The {@code task_log_location} table: which tries' logs were shipped, and where. */
public final class PostgresShippedLogs implements ShippedLogs {
  private final DSLContext dsl;

  public PostgresShippedLogs(Database database) {
    this.dsl = database.dsl();
  }

  @Override
  public Optional<String> location(long taskInstanceId, int tryNumber) {
    return dsl.fetchOptional(LOCATION, taskInstanceId, tryNumber).map(r -> r.get(0, String.class));
  }

  @Override
  public void recordShipped(long taskInstanceId, int tryNumber, String location) {
    dsl.transaction(
        tx -> {
          tx.dsl().execute(RECORD, taskInstanceId, tryNumber, location);
          tx.dsl().execute(DELETE_LINES, taskInstanceId, tryNumber);
        });
  }

  @Override
  public List<Integer> triesHeld(long taskInstanceId, int upToTry) {
    return dsl.fetch(HELD, taskInstanceId, upToTry).getValues(0, Integer.class);
  }

  @Override
  public List<TryLogId> endedTriesHeld(Instant endedBefore, int limit) {
    return dsl.fetch(ENDED_HELD, OffsetDateTime.ofInstant(endedBefore, ZoneOffset.UTC), limit)
        .map(
            r ->
                new TryLogId(
                    r.get(0, Long.class),
                    r.get(1, String.class),
                    r.get(2, String.class),
                    r.get(3, String.class),
                    r.get(4, Integer.class),
                    r.get(5, Integer.class)));
  }

  private static final String LOCATION =
      "select location from task_log_location where task_instance_id = ? and try_number = ?";

  private static final String RECORD =
      """
      insert into task_log_location (task_instance_id, try_number, location) values (?, ?, ?)
      on conflict (task_instance_id, try_number) do update set location = excluded.location,
                                                               shipped_at = now()
      """;

  private static final String DELETE_LINES =
      "delete from task_log where task_instance_id = ? and try_number = ?";

  private static final String HELD =
      """
      select distinct l.try_number
        from task_log l
       where l.task_instance_id = ? and l.try_number <= ?
         and not exists (select 1 from task_log_location s
                          where s.task_instance_id = l.task_instance_id
                            and s.try_number = l.try_number)
       order by l.try_number
      """;

  // A try is over when its task instance ended after it (a final state, or up for retry) or moved
  // on to a later try; up_for_reschedule is the same try, to be continued, so it waits.
  private static final String ENDED_HELD =
      """
      select held.task_instance_id, ti.dag_id, ti.run_id, ti.task_id, ti.map_index,
             held.try_number
        from (select distinct l.task_instance_id, l.try_number from task_log l) held
        join task_instance ti on ti.id = held.task_instance_id
       where ti.end_date < ?::timestamptz
         and (held.try_number < ti.try_number
              or ti.state in ('success', 'failed', 'skipped', 'upstream_failed', 'up_for_retry'))
         and not exists (select 1 from task_log_location s
                          where s.task_instance_id = held.task_instance_id
                            and s.try_number = held.try_number)
       order by ti.end_date, held.task_instance_id, held.try_number
       limit ?
      """;
}
