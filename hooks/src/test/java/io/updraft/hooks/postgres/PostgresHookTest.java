package io.updraft.hooks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.hooks.testing.TestConnections;
import io.updraft.testing.PostgresExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresHookTest {
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final Hooks hooks =
      Hooks.load(
          id -> ConnectionLookup.of(connections).connection(id), getClass().getClassLoader());
  private PostgresHook db;

  @BeforeEach
  void open() throws SQLException {
    connections.put("pg", TestConnections.postgres("pg", Map.of("pool_size", "3")));
    db = hooks.open("pg", PostgresHook.class);
    db.run(
        List.of(
            "drop table if exists hook_items",
            "create table hook_items (id int primary key, name text not null, qty int)"),
        false);
  }

  @AfterEach
  void close() {
    db.close();
    hooks.close();
  }

  @Test
  void records_and_first_row_read_rows_as_maps_in_column_order() throws SQLException {
    db.run("insert into hook_items values (?, ?, ?), (?, ?, ?)", 1, "apple", 3, 2, "pear", 5);

    List<Map<String, Object>> rows = db.records("select * from hook_items order by id");

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).keySet()).containsExactly("id", "name", "qty");
    assertThat(rows.get(1)).containsEntry("name", "pear").containsEntry("qty", 5);
    assertThat(db.firstRow("select name from hook_items where qty > ?", 4))
        .contains(Map.of("name", "pear"));
    assertThat(db.firstRow("select name from hook_items where qty > ?", 99)).isEmpty();
  }

  @Test
  void several_statements_in_a_transaction_roll_back_together() {
    assertThatThrownBy(
            () ->
                db.run(
                    List.of(
                        "insert into hook_items values (1, 'apple', 1)",
                        "insert into hook_items values (1, 'duplicate', 1)"),
                    false))
        .isInstanceOf(SQLException.class);

    assertThat(count()).isZero();
  }

  @Test
  void several_statements_in_autocommit_keep_what_succeeded() {
    assertThatThrownBy(
            () ->
                db.run(
                    List.of(
                        "insert into hook_items values (1, 'apple', 1)",
                        "insert into hook_items values (1, 'duplicate', 1)"),
                    true))
        .isInstanceOf(SQLException.class);

    assertThat(count()).isEqualTo(1);
  }

  @Test
  void insert_rows_in_batches_then_upsert_updates_existing_keys() throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      rows.add(List.of(i, "item" + i, i));
    }
    db.insertRows("hook_items", List.of("id", "name", "qty"), rows, 10, List.of());

    db.insertRows(
        "public.hook_items",
        List.of("id", "name", "qty"),
        List.of(List.of(3, "three", 300), List.of(100, "new", 1)),
        10,
        List.of("id"));

    assertThat(count()).isEqualTo(26);
    assertThat(db.firstRow("select name, qty from hook_items where id = 3"))
        .contains(Map.of("name", "three", "qty", 300));
  }

  @Test
  void copy_in_and_out_move_csv_through_the_driver() throws Exception {
    String csv = "1,apple,3\n2,\"pear, green\",5\n";
    long in =
        db.copyIn(
            "copy hook_items (id, name, qty) from stdin with (format csv)",
            new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long copied =
        db.copyOut("copy (select * from hook_items order by id) to stdout with (format csv)", out);

    assertThat(in).isEqualTo(2);
    assertThat(copied).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(csv);
  }

  @Test
  void a_large_result_streams_through_a_cursor() throws SQLException {
    long[] sum = {0};
    long rows =
        db.stream(
            "select g from generate_series(1, ?) g",
            List.of(50_000),
            500,
            row -> sum[0] += ((Number) row.get("g")).longValue());

    assertThat(rows).isEqualTo(50_000);
    assertThat(sum[0]).isEqualTo(50_000L * 50_001 / 2);
  }

  @Test
  void test_reports_the_server_version_or_the_reason_it_failed() {
    assertThat(db.test().ok()).isTrue();
    assertThat(db.test().message()).contains("PostgreSQL");

    Connection wrong =
        TestConnections.postgres("pg_wrong", Map.of("pool_timeout", "2"))
            .withPassword("wrong")
            .withConnId("pg_wrong");
    connections.put(
        "pg_wrong",
        new Connection(
            "pg_wrong",
            "postgres",
            null,
            wrong.host(),
            "no_such_user",
            "wrong",
            wrong.schema(),
            wrong.port(),
            wrong.extra()));
    try (PostgresHook bad = hooks.open("pg_wrong", PostgresHook.class)) {
      assertThat(bad.test().ok()).isFalse();
      assertThat(bad.test().message()).doesNotContain("wrong\"");
    }
  }

  @Test
  void a_new_password_for_the_connection_gets_a_new_pool_and_the_old_pool_closes() {
    var before = db.pool();
    Connection rotated =
        connections.get("pg").withExtra(Map.of("pool_size", "3", "application_name", "rotated"));
    connections.put("pg", rotated);

    try (PostgresHook fresh = hooks.open("pg", PostgresHook.class)) {
      assertThat(fresh.pool()).isNotSameAs(before);
      assertThat(before.isClosed()).as("the old pool still serves the running hook").isFalse();
    }
    db.close();

    assertThat(before.isClosed()).isTrue();
  }

  @Test
  void pool_size_comes_from_the_connection_extras() {
    assertThat(db.pool().getMaximumPoolSize()).isEqualTo(3);
    assertThat(PostgresPool.jdbcUrl(connections.get("pg"))).startsWith("jdbc:postgresql://");
  }

  @Test
  void insert_sql_quotes_names_and_builds_an_upsert() {
    assertThat(PostgresHook.InsertSql.of("s.t", List.of("a", "b\""), List.of("a")))
        .isEqualTo(
            "insert into \"s\".\"t\" (\"a\", \"b\"\"\") values (?, ?)"
                + " on conflict (\"a\") do update set \"b\"\"\" = excluded.\"b\"\"\"");
  }

  private long count() {
    try {
      return ((Number) db.firstRow("select count(*) as n from hook_items").orElseThrow().get("n"))
          .longValue();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
