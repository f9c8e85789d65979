package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG;
import static io.updraft.sql.jooq.Tables.DAG_RUN;

import io.updraft.core.run.DagQuery;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** A {@link DagQuery} as a condition on the {@code dag} table. */
final class DagConditions {
  private DagConditions() {}

  static Condition of(DagQuery query) {
    Condition c = DSL.noCondition();
    if (query.idContains() != null) {
      // jOOQ escapes the LIKE wildcards in the value: "%" and "_" match only themselves.
      c =
          c.and(
              query.idIgnoreCase()
                  ? DAG.DAG_ID.containsIgnoreCase(query.idContains())
                  : DAG.DAG_ID.contains(query.idContains()));
    }
    if (!query.anyTags().isEmpty()) {
      c =
          c.and(
              DSL.arrayOverlap(
                  DagLabels.TAGS, DSL.val(query.anyTags().toArray(String[]::new), DagLabels.TAGS)));
    }
    if (query.owner() != null) {
      c =
          c.and(
              DSL.exists(
                  DSL.selectOne()
                      .from(DSL.unnest(DagLabels.OWNERS).as("o", "owner"))
                      .where(DSL.lower(OWNER).eq(DSL.lower(DSL.val(query.owner()))))));
    }
    if (query.paused() != null) {
      c = c.and(DAG.IS_PAUSED.eq(query.paused()));
    }
    if (query.lastRunState() != null) {
      // The latest run through the unique (dag_id, logical_date) index: one probe per DAG.
      Field<String> last =
          DSL.field(
              DSL.select(DAG_RUN.STATE)
                  .from(DAG_RUN)
                  .where(DAG_RUN.DAG_ID.eq(DAG.DAG_ID))
                  .orderBy(DAG_RUN.LOGICAL_DATE.desc())
                  .limit(1));
      c = c.and(DSL.coalesce(last, DSL.val(DagQuery.NEVER_RAN)).eq(query.lastRunState()));
    }
    return c;
  }

  private static final Field<String> OWNER = DSL.field(DSL.name("o", "owner"), String.class);
}
