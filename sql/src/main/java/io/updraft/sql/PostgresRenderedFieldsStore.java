package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.RENDERED_FIELD;

import io.updraft.core.run.RenderedField;
import io.updraft.core.run.RenderedFieldsStore;
import java.util.List;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;

/** Rendered templates in PostgreSQL: one row per template, numbered in rendering order. */
public final class PostgresRenderedFieldsStore implements RenderedFieldsStore {
  private final DSLContext dsl;

  public PostgresRenderedFieldsStore(Database database) {
    this.dsl = database.dsl();
  }

  @Override
  public void save(long taskInstanceId, int tryNumber, List<RenderedField> fields) {
    if (fields.isEmpty()) {
      return;
    }
    Transactions.run(
        dsl,
        t -> {
          // A try recorded twice (a redelivered message) keeps the last rendering only.
          t.deleteFrom(RENDERED_FIELD)
              .where(
                  RENDERED_FIELD.TASK_INSTANCE_ID.eq(taskInstanceId),
                  RENDERED_FIELD.TRY_NUMBER.eq(tryNumber))
              .execute();
          BatchBindStep insert =
              t.batch(
                  t.insertInto(
                          RENDERED_FIELD,
                          RENDERED_FIELD.TASK_INSTANCE_ID,
                          RENDERED_FIELD.TRY_NUMBER,
                          RENDERED_FIELD.SEQ,
                          RENDERED_FIELD.TEMPLATE,
                          RENDERED_FIELD.RENDERED)
                      .values((Long) null, (Integer) null, (Integer) null, null, null));
          for (int i = 0; i < fields.size(); i++) {
            RenderedField f = fields.get(i);
            insert.bind(taskInstanceId, tryNumber, i, f.template(), f.rendered());
          }
          insert.execute();
        });
  }

  @Override
  public List<RenderedField> read(long taskInstanceId, int tryNumber) {
    return dsl.select(RENDERED_FIELD.TEMPLATE, RENDERED_FIELD.RENDERED)
        .from(RENDERED_FIELD)
        .where(
            RENDERED_FIELD.TASK_INSTANCE_ID.eq(taskInstanceId),
            RENDERED_FIELD.TRY_NUMBER.eq(tryNumber))
        .orderBy(RENDERED_FIELD.SEQ)
        .fetch(r -> new RenderedField(r.value1(), r.value2()));
  }
}
