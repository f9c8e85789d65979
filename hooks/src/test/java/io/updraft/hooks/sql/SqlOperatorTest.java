package io.updraft.hooks.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.hooks.testing.TestConnections;
import io.updraft.hooks.testing.TestTaskContext;
import io.updraft.testing.PostgresExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQL operator on the three ways to a database: PostgreSQL through its own hook, PostgreSQL
 * through the generic jdbc conn type, and H2 through the jdbc conn type.
 */
@ExtendWith(PostgresExtension.class)
class SqlOperatorTest {
  static final String HOSTILE = "x'); drop table op_events; --";
  private static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");

  private Hooks hooks;
  private TestTaskContext context;

  @BeforeEach
  void open() throws Exception {
    hooks =
        Hooks.load(
            ConnectionLookup.of(
                Map.of(
                    "pg", TestConnections.postgres("pg", Map.of()),
                    "jdbc_pg", TestConnections.jdbcPostgres("jdbc_pg"),
                    "jdbc_h2", TestConnections.h2("jdbc_h2", "sqlop", "h2-pw-77"))),
            getClass().getClassLoader());
    context = new TestTaskContext(hooks, DAY, Map.of("kind", HOSTILE));
    for (String connId : List.of("pg", "jdbc_h2")) {
      new SqlOperator(
              connId,
              List.of(
                  "drop table if exists op_events",
                  "create table op_events (on_day date, kind varchar(100), n int)"),
              List.of(),
              true)
          .execute(context);
    }
  }

  @AfterEach
  void close() {
    context.close();
    hooks.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pg", "jdbc_pg", "jdbc_h2"})
  void templated_sql_and_parameters_are_rendered_and_the_last_query_returns_rows(String connId)
      throws Exception {
    var insert =
        new SqlOperator(
            connId,
            List.of(
                "insert into op_events values (cast(? as date), ?, 1)",
                "select kind, cast(on_day as varchar(10)) as on_day from op_events"
                    + " where on_day = '{{ ds }}'"),
            List.of("{{ ds }}", "run {{ ds_nodash }}"),
            false);

    Object rows = insert.execute(context);

    assertThat(lowerKeys(rows))
        .containsExactly(Map.of("kind", "run 20260301", "on_day", "2026-03-01"));
    assertThat(context.logLines).anyMatch(l -> l.contains("where on_day = '2026-03-01'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pg", "jdbc_pg", "jdbc_h2"})
  void a_hostile_conf_value_is_bound_as_data_and_runs_nothing(String connId) throws Exception {
    new SqlOperator(
            connId,
            List.of("insert into op_events values (current_date, ?, 1)"),
            List.of("{{ conf.kind }}"),
            false)
        .execute(context);

    Object rows = SqlOperator.of(connId, "select kind from op_events").execute(context);

    assertThat(lowerKeys(rows)).containsExactly(Map.of("kind", HOSTILE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pg", "jdbc_h2"})
  void a_failing_statement_rolls_back_the_ones_before_it(String connId) throws Exception {
    var broken =
        new SqlOperator(
            connId,
            List.of(
                "insert into op_events values (current_date, 'x', 1)",
                "select * from no_such_table"),
            List.of(),
            false);

    assertThatThrownBy(() -> broken.execute(context))
        .message()
        .containsIgnoringCase("no_such_table");
    assertThat(
            lowerKeys(
                SqlOperator.of(connId, "select count(*) as n from op_events").execute(context)))
        .extracting(row -> ((Number) row.get("n")).intValue())
        .containsExactly(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pg", "jdbc_h2"})
  void the_xcom_keeps_at_most_the_rows_asked_for_and_none_when_zero(String connId)
      throws Exception {
    new SqlOperator(
            connId,
            List.of(
                "insert into op_events values (current_date, 'a', 1)",
                "insert into op_events values (current_date, 'b', 2)",
                "insert into op_events values (current_date, 'c', 3)"),
            List.of(),
            false)
        .execute(context);
    var query = SqlOperator.of(connId, "select n from op_events order by n");

    assertThat(lowerKeys(query.withXComRows(2).execute(context)))
        .containsExactly(Map.of("n", 1), Map.of("n", 2));
    assertThat(context.logLines).anyMatch(l -> l.contains("the XCom keeps the first 2"));
    assertThat(query.withXComRows(0).execute(context)).isNull();
    assertThat(lowerKeys(query.execute(context))).hasSize(3);
  }

  /** H2 names unquoted columns in upper case, PostgreSQL in lower case. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> lowerKeys(Object rows) {
    return ((List<Map<String, Object>>) rows)
        .stream()
            .map(
                row -> {
                  Map<String, Object> lower = new java.util.LinkedHashMap<>();
                  row.forEach(
                      (k, v) ->
                          lower.put(
                              k.toLowerCase(java.util.Locale.ROOT),
                              v instanceof Number n ? n.intValue() : v));
                  return lower;
                })
            .toList();
  }
}
