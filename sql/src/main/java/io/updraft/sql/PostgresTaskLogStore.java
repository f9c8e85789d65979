package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;
import static io.updraft.sql.jooq.Tables.TASK_LOG;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.val;

import io.updraft.core.run.LogChunk;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.TaskLogStore;
import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Task logs in PostgreSQL: one row per {@link #append} call holding its lines joined by {@code \n},
 * so a chatty task costs one insert per flush rather than one per line. A line that itself contains
 * {@code \n} reads back as several lines.
 */
public final class PostgresTaskLogStore implements TaskLogStore {
  private final DSLContext dsl;

  public PostgresTaskLogStore(Database database) {
    this.dsl = database.dsl();
  }

  @Override
  public void append(long taskInstanceId, int tryNumber, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    // No foreign key checks the task instance (V047): lines of one deleted meanwhile are dropped.
    dsl.insertInto(TASK_LOG, TASK_LOG.TASK_INSTANCE_ID, TASK_LOG.TRY_NUMBER, TASK_LOG.CHUNK)
        .select(
            select(val(taskInstanceId), val(tryNumber), val(String.join("\n", lines)))
                .whereExists(
                    selectOne().from(TASK_INSTANCE).where(TASK_INSTANCE.ID.eq(taskInstanceId))))
        .execute();
  }

  @Override
  public List<String> read(long taskInstanceId, int tryNumber) {
    return dsl
        .select(TASK_LOG.CHUNK)
        .from(TASK_LOG)
        .where(TASK_LOG.TASK_INSTANCE_ID.eq(taskInstanceId), TASK_LOG.TRY_NUMBER.eq(tryNumber))
        .orderBy(TASK_LOG.ID)
        .fetch(TASK_LOG.CHUNK)
        .stream()
        // limit -1 keeps trailing empty lines.
        .flatMap(chunk -> Arrays.stream(chunk.split("\n", -1)))
        .toList();
  }

  @Override
  public List<LogChunk> chunksAfter(long taskInstanceId, int tryNumber, long afterId) {
    return dsl.select(TASK_LOG.ID, TASK_LOG.CHUNK)
        .from(TASK_LOG)
        .where(
            TASK_LOG.TASK_INSTANCE_ID.eq(taskInstanceId),
            TASK_LOG.TRY_NUMBER.eq(tryNumber),
            TASK_LOG.ID.gt(afterId))
        .orderBy(TASK_LOG.ID)
        .fetch(r -> new LogChunk(r.value1(), r.value2()));
  }

  @Override
  public List<LogChunk> chunksAfter(long taskInstanceId, int tryNumber, long afterId, int max) {
    return dsl.select(TASK_LOG.ID, TASK_LOG.CHUNK)
        .from(TASK_LOG)
        .where(
            TASK_LOG.TASK_INSTANCE_ID.eq(taskInstanceId),
            TASK_LOG.TRY_NUMBER.eq(tryNumber),
            TASK_LOG.ID.gt(afterId))
        .orderBy(TASK_LOG.ID)
        .limit(max)
        .fetch(r -> new LogChunk(r.value1(), r.value2()));
  }

  @Override
  public int lineCount(long taskInstanceId, int tryNumber) {
    Object count = dsl.fetchValue(LINE_COUNT, taskInstanceId, tryNumber);
    return Math.toIntExact(((Number) count).longValue());
  }

  @Override
  public List<String> lines(long taskInstanceId, int tryNumber, int offset, int limit) {
    return dsl.fetch(LINES, taskInstanceId, tryNumber, offset, limit).getValues(0, String.class);
  }

  // A chunk of n newlines holds n + 1 lines, as read() splits it.
  private static final String LINE_COUNT =
      """
      select coalesce(sum(length(chunk) - length(replace(chunk, E'\\n', '')) + 1), 0)
        from task_log
       where task_instance_id = ? and try_number = ?
      """;

  // regexp_split_to_table, unlike string_to_array, keeps an empty chunk as one empty line.
  private static final String LINES =
      """
      select l.line
        from task_log t
       cross join lateral regexp_split_to_table(t.chunk, E'\\n') with ordinality as l(line, n)
       where t.task_instance_id = ? and t.try_number = ?
       order by t.id, l.n
      offset ? limit ?
      """;

  @Override
  public void appendAll(List<LogLines> batch) {
    insertAll(dsl, batch);
  }

  /**
   * Appends the lines on {@code db}, e.g. in the transaction that records the try's outcome: one
   * statement for the whole batch (arrays in, one chunk per try, in the order given).
   */
  static void insertAll(DSLContext db, List<LogLines> batch) {
    List<LogLines> nonEmpty = batch.stream().filter(b -> !b.lines().isEmpty()).toList();
    if (nonEmpty.isEmpty()) {
      return;
    }
    int n = nonEmpty.size();
    Long[] ids = new Long[n];
    Integer[] tries = new Integer[n];
    String[] chunks = new String[n];
    for (int k = 0; k < n; k++) {
      LogLines b = nonEmpty.get(k);
      ids[k] = b.taskInstanceId();
      tries[k] = b.tryNumber();
      chunks[k] = String.join("\n", b.lines());
    }
    db.execute(INSERT, ids, tries, chunks);
  }

  private static final String INSERT =
      """
      insert into task_log (task_instance_id, try_number, chunk)
      select c.ti, c.try, c.chunk
        from unnest(?::bigint[], ?::int[], ?::text[]) with ordinality as c(ti, try, chunk, n)
       where exists (select 1 from task_instance t where t.id = c.ti)
       order by c.n
      """;
}
