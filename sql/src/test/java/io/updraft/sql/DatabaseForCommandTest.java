package io.updraft.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A one-shot command's database: one connection, lent again and again, and no pool. */
@ExtendWith(PostgresExtension.class)
class DatabaseForCommandTest {
  private static DatabaseConfig config() {
    TestDatabase db = PostgresExtension.database();
    return new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 10);
  }

  private static int backendPid(Connection connection) throws Exception {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("select pg_backend_pid()")) {
      r.next();
      return r.getInt(1);
    }
  }

  @Test
  void every_statement_of_a_command_goes_through_the_one_connection() throws Exception {
    try (Database database = Database.connectForCommand(config())) {
      int first;
      try (Connection c = database.dataSource().getConnection()) {
        first = backendPid(c);
      }
      Object plain = database.dsl().fetchValue("select pg_backend_pid()");
      Object inTransaction =
          Transactions.result(database.dsl(), db -> db.fetchValue("select pg_backend_pid()"));
      assertThat(plain).isEqualTo(first);
      assertThat(inTransaction).isEqualTo(first);
      try (Connection again = database.dataSource().getConnection()) {
        assertThat(backendPid(again)).isEqualTo(first);
        assertThat(again.getAutoCommit()).isTrue();
      }
    }
  }

  @Test
  void a_second_connection_asked_for_while_the_first_is_lent_is_a_new_one() throws Exception {
    try (Database database = Database.connectForCommand(config());
        Connection outer = database.dataSource().getConnection();
        Connection inner = database.dataSource().getConnection()) {
      assertThat(backendPid(inner)).isNotEqualTo(backendPid(outer));
    }
  }

  @Test
  void what_a_borrower_left_uncommitted_is_rolled_back_when_it_gives_the_connection_back()
      throws Exception {
    try (Database database = Database.connectForCommand(config())) {
      database.dsl().execute("create table if not exists command_connection_probe (n int)");
      database.dsl().execute("delete from command_connection_probe");
      Connection lent = database.dataSource().getConnection();
      lent.setAutoCommit(false);
      try (Statement s = lent.createStatement()) {
        s.executeUpdate("insert into command_connection_probe values (1)");
      }
      lent.close();

      assertThat(lent.isClosed()).isTrue();
      Object left = database.dsl().fetchValue("select count(*) from command_connection_probe");
      assertThat(left).isEqualTo(0L);
      database.dsl().execute("drop table command_connection_probe");
    }
  }

  @Test
  void a_server_that_cannot_be_reached_is_named_without_its_password() {
    DatabaseConfig unreachable =
        new DatabaseConfig(
            "jdbc:postgresql://127.0.0.1:1/updraft?connectTimeout=1", "etl", "S3cret-pass", 10);

    Throwable failure = catchThrowable(() -> Database.connectForCommand(unreachable));

    assertThat(failure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/")
        .hasMessageContaining("as user etl")
        .hasMessageNotContaining("S3cret-pass");
  }

  @Test
  void the_health_probe_is_made_when_first_asked_for_and_answers() {
    try (Database database = Database.connectForCommand(config())) {
      assertThat(new PostgresHealth(database).databaseUp()).isTrue();
      assertThat(database.probe()).isSameAs(database.probe());
    }
  }
}
