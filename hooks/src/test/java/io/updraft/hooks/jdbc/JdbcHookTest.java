package io.updraft.hooks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.Hooks;
import io.updraft.core.secrets.CredentialsRejectedException;
import io.updraft.hooks.testing.TestConnections;
import io.updraft.testing.PostgresExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The generic JDBC hook on a real PostgreSQL and a real H2. */
@ExtendWith(PostgresExtension.class)
class JdbcHookTest {
  private static final String H2_PASSWORD = "h2-secret-Pw91";

  private final Map<String, Connection> connections = new java.util.HashMap<>();
  private Hooks hooks;

  @BeforeEach
  void open() {
    connections.put("jdbc_pg", TestConnections.jdbcPostgres("jdbc_pg"));
    connections.put("jdbc_h2", TestConnections.h2("jdbc_h2", "jdbchook", H2_PASSWORD));
    hooks = Hooks.load(ConnectionLookup.of(connections), getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    hooks.close();
  }

  @Test
  void one_hook_runs_statements_and_queries_with_bound_parameters_on_h2_and_postgres()
      throws Exception {
    for (String connId : List.of("jdbc_h2", "jdbc_pg")) {
      try (JdbcHook db = hooks.open(connId, JdbcHook.class)) {
        db.run("drop table if exists jdbc_items");
        db.run("create table jdbc_items (id int, name varchar(50))");
        assertThat(db.run("insert into jdbc_items values (?, ?), (?, ?)", 1, "a", 2, "b"))
            .isEqualTo(2);

        assertThat(db.records("select name from jdbc_items where id > ? order by id", 0))
            .hasSize(2);
        assertThat(db.firstRow("select name as name from jdbc_items where id = ?", 2).orElseThrow())
            .containsValue("b");
      }
    }
  }

  @Test
  void hooks_of_one_connection_share_one_pool() {
    int before = hooks.pools().openClients();
    try (JdbcHook a = hooks.open("jdbc_h2", JdbcHook.class);
        JdbcHook b = hooks.open("jdbc_h2", JdbcHook.class)) {
      assertThat(a.dataSource()).isSameAs(b.dataSource());
      assertThat(hooks.pools().openClients()).isEqualTo(before + 1);
    }
  }

  @Test
  void test_names_the_database_and_a_wrong_password_is_a_rejection_without_the_password()
      throws Exception {
    try (JdbcHook db = hooks.open("jdbc_h2", JdbcHook.class)) {
      assertThat(db.test().message()).startsWith("Connected: H2");
    }
    Connection wrong = TestConnections.h2("jdbc_h2_wrong", "jdbchook", "not-" + H2_PASSWORD);
    try (JdbcHook db = (JdbcHook) hooks.open(wrong)) {
      assertThatThrownBy(db::getConnection)
          .isInstanceOf(CredentialsRejectedException.class)
          .hasMessageContaining("jdbc_h2_wrong")
          .hasMessageNotContaining(H2_PASSWORD);
      HookTestResult result = db.test();
      assertThat(result.ok()).isFalse();
      assertThat(result.message()).doesNotContain(H2_PASSWORD);
    }
    assertThat(hooks.test(wrong).message())
        .startsWith("Could not connect")
        .doesNotContain(H2_PASSWORD);
    assertThat(hooks.test(connections.get("jdbc_pg")).message())
        .startsWith("Connected: PostgreSQL");
  }

  @Test
  void a_driver_class_must_be_a_jdbc_driver_and_a_url_must_be_a_jdbc_url() {
    Connection notADriver =
        connections
            .get("jdbc_h2")
            .withConnId("odd")
            .withExtra(Map.of("driver_class", "java.lang.Thread"));
    Connection missing =
        connections
            .get("jdbc_h2")
            .withConnId("odd")
            .withExtra(Map.of("driver_class", "com.example.NoDriver"));
    Connection noUrl =
        new Connection("odd", "jdbc", null, "db.example.com", "u", "p", null, null, Map.of());

    assertThatThrownBy(() -> hooks.open(notADriver))
        .hasMessageContaining("'java.lang.Thread' is not a java.sql.Driver");
    assertThatThrownBy(() -> hooks.open(missing)).hasMessageContaining("is not on the class path");
    assertThatThrownBy(() -> hooks.open(noUrl)).hasMessageContaining("has no JDBC URL");
    assertThat(hooks.test(noUrl).message()).contains("has no JDBC URL");
  }
}
