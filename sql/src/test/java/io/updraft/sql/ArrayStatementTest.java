package io.updraft.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.testing.PostgresExtension;
import java.util.List;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plain-JDBC path of the task-state statements binds and reads what jOOQ's did. */
@ExtendWith(PostgresExtension.class)
class ArrayStatementTest {
  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  @Test
  void binds_each_array_by_its_element_type_nulls_included_and_reads_rows_in_order() {
    List<String> rows =
        ArrayStatement.query(
            postgres.database().dsl(),
            """
            select t.n, t.i, t.s, t.at
              from unnest(?::bigint[], ?::integer[], ?::text[], ?::timestamptz[])
                   with ordinality as t(n, i, s, at, k)
             order by t.k
            """,
            List.of(
                new Long[] {1L, 9_000_000_000L},
                new Integer[] {null, 7},
                new String[] {"a, b", null},
                new String[] {"2026-01-02T03:04:05Z", null}),
            r -> {
              long n = r.getLong(1);
              int i = r.getInt(2);
              String iText = r.wasNull() ? "null" : Integer.toString(i);
              return n + "|" + iText + "|" + r.getString(3) + "|" + (r.getObject(4) != null);
            });

    assertThat(rows).containsExactly("1|null|a, b|true", "9000000000|7|null|false");
  }

  @Test
  void runs_on_the_transactions_own_connection() {
    List<Long> seen =
        postgres
            .database()
            .dsl()
            .transactionResult(
                tx -> {
                  DSL.using(tx)
                      .execute(
                          "create temporary table array_statement_probe (id bigint)"
                              + " on commit drop");
                  DSL.using(tx).execute("insert into array_statement_probe values (1), (2), (3)");
                  return ArrayStatement.query(
                      DSL.using(tx),
                      "select id from array_statement_probe where id = any(?::bigint[]) order by id",
                      List.of((Object) new Long[] {3L, 1L, 4L}),
                      r -> r.getLong(1));
                });

    assertThat(seen).containsExactly(1L, 3L);
  }

  @Test
  void a_failing_statement_is_reported_like_jooqs() {
    assertThatThrownBy(
            () ->
                ArrayStatement.query(
                    postgres.database().dsl(),
                    "select 1 / x from unnest(?::integer[]) as t(x)",
                    List.of((Object) new Integer[] {0}),
                    r -> r.getInt(1)))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("division by zero");
  }

  @Test
  void an_empty_array_gives_no_rows() {
    assertThat(
            ArrayStatement.query(
                postgres.database().dsl(),
                "select x from unnest(?::text[]) as t(x)",
                List.of((Object) new String[0]),
                r -> r.getString(1)))
        .isEmpty();
  }
}
