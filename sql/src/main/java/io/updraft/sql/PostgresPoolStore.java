package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.POOL;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.when;

import io.updraft.core.run.Pool;
import io.updraft.core.run.PoolStore;
import io.updraft.core.state.TaskState;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record5;
import org.jooq.SelectOnConditionStep;
import org.jooq.impl.DSL;

/** The {@code pool} table, counting each pool's running and queued tasks as it reads. */
public final class PostgresPoolStore implements PoolStore {
  private static final Field<Integer> OCCUPIED =
      count(when(TASK_INSTANCE.STATE.eq(TaskState.RUNNING.wireName()), 1)).as("occupied");
  private static final Field<Integer> QUEUED =
      count(when(TASK_INSTANCE.STATE.eq(TaskState.QUEUED.wireName()), 1)).as("queued");

  private final DSLContext dsl;

  public PostgresPoolStore(Database database) {
    this.dsl = database.dsl();
  }

  @Override
  public List<Pool> list() {
    return select(DSL.noCondition());
  }

  @Override
  public Optional<Pool> find(String name) {
    return select(POOL.POOL_.eq(name)).stream().findFirst();
  }

  private List<Pool> select(Condition where) {
    SelectOnConditionStep<Record5<String, Integer, String, Integer, Integer>> joined =
        dsl.select(POOL.POOL_, POOL.SLOTS, POOL.DESCRIPTION, OCCUPIED, QUEUED)
            .from(POOL)
            .leftJoin(TASK_INSTANCE)
            .on(
                TASK_INSTANCE
                    .POOL
                    .eq(POOL.POOL_)
                    .and(
                        TASK_INSTANCE.STATE.in(
                            TaskState.RUNNING.wireName(), TaskState.QUEUED.wireName())));
    return joined
        .where(where)
        .groupBy(POOL.POOL_, POOL.SLOTS, POOL.DESCRIPTION)
        .orderBy(POOL.POOL_)
        .fetch(r -> new Pool(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
  }

  @Override
  public boolean create(String name, int slots, String description) {
    return dsl.insertInto(POOL)
            .set(POOL.POOL_, name)
            .set(POOL.SLOTS, slots)
            .set(POOL.DESCRIPTION, description)
            .onConflictDoNothing()
            .execute()
        == 1;
  }

  @Override
  public boolean update(String name, int slots, String description) {
    return dsl.update(POOL)
            .set(POOL.SLOTS, slots)
            .set(POOL.DESCRIPTION, description)
            .where(POOL.POOL_.eq(name))
            .execute()
        == 1;
  }

  @Override
  public boolean delete(String name) {
    return dsl.deleteFrom(POOL).where(POOL.POOL_.eq(name)).execute() == 1;
  }
}
