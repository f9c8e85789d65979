package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG;

import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The {@code dag} table's {@code tags} and {@code owners}: PostgreSQL derives them from the
 * structure on every write (V046), so that listing and filtering by them reads a few bytes per DAG
 * instead of its whole structure. jOOQ's offline replay of the migrations does not see generated
 * columns, hence their names here.
 */
final class DagLabels {
  static final Field<String[]> TAGS = column("tags");
  static final Field<String[]> OWNERS = column("owners");

  private DagLabels() {}

  private static Field<String[]> column(String name) {
    return DSL.field(DSL.name(DAG.getName(), name), SQLDataType.CLOB.array());
  }
}
