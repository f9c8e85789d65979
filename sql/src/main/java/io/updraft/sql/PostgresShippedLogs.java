package io.updraft.sql;

import io.updraft.core.run.ShippedLogs;
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
}
