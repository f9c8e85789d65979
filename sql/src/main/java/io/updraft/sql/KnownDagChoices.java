package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG;

import io.updraft.core.run.DagStore.DagChoices;
import java.math.BigDecimal;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record4;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The tags and owners of all DAGs, kept in this process and read again only when the {@code dag}
 * table's set of (DAG id, version) changed. Listing them reads every DAG's labels (about 8 ms for
 * 2,000 DAGs on a quiet machine, tens under load), while the page's counts already scan the table:
 * a hash of each row's id and version there costs next to nothing and tells whether to read again.
 *
 * <p>The mark follows content, not time: tags and owners come from the structure, whose hash is the
 * version; a DAG registered, changed or deleted changes the count or the sum of hashes. Clocks of
 * other schedulers, pausing and deactivation do not matter, and no writer has to cooperate.
 */
final class KnownDagChoices {
  /** What the labels were read at: how many DAGs, and the sum of a hash of each id and version. */
  record Mark(int dags, BigDecimal hashes) {}

  /** One row's share of {@link Mark#hashes()}; summed over the rows a statement already reads. */
  static final Field<Long> ROW_HASH =
      DSL.field(
          "hashtextextended({0} || ' ' || {1}, 0)",
          SQLDataType.BIGINT, DAG.DAG_ID, DAG.VERSION_HASH);

  private record Known(Mark mark, DagChoices choices) {}

  private final DSLContext dsl;
  private volatile Known known;

  KnownDagChoices(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** The choices as of {@code seen}, a mark read in this request: read again if it moved. */
  DagChoices at(Mark seen) {
    Known k = known;
    if (k != null && k.mark().equals(seen)) {
      return k.choices();
    }
    // The labels and their own mark in one statement, so that what is kept is consistent even if
    // a DAG changed since the caller's mark: a later request then sees a mark that differs.
    Record4<Integer, BigDecimal, String[], String[]> r =
        dsl.select(
                DSL.field(DSL.selectCount().from(DAG)),
                DSL.field(DSL.select(DSL.sum(ROW_HASH)).from(DAG)),
                distinct(DagLabels.TAGS),
                distinct(DagLabels.OWNERS))
            .fetchSingle();
    DagChoices choices = new DagChoices(List.of(r.value3()), List.of(r.value4()));
    known = new Known(new Mark(r.value1(), r.value2()), choices);
    return choices;
  }

  /** Every value of an array column of {@code dag}, sorted, without repeats, as one array. */
  private static Field<String[]> distinct(Field<String[]> column) {
    Field<String> value = DSL.field(DSL.name("v", "value"), String.class);
    return DSL.array(
        DSL.selectDistinct(value).from(DAG, DSL.unnest(column).as("v", "value")).orderBy(value));
  }
}
