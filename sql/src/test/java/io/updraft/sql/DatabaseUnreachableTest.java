package io.updraft.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.run.DatabaseUnreachable;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.TcpProxy;
import io.updraft.testing.TestDatabase;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DatabaseUnreachableTest {
  @Test
  void a_server_that_went_away_is_unreachable_and_a_bad_query_is_not() {
    TestDatabase db = PostgresExtension.database();
    URI direct = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    try (TcpProxy proxy =
            TcpProxy.start(direct.getHost(), direct.getPort() == -1 ? 5432 : direct.getPort());
        Database database =
            Database.connect(
                new DatabaseConfig(
                    db.jdbcUrl()
                        .replace(
                            direct.getHost() + ":" + direct.getPort(), "127.0.0.1:" + proxy.port()),
                    db.user(),
                    db.password(),
                    2))) {
      Throwable badQuery = catchThrowable(() -> database.dsl().fetch("select from nowhere"));
      assertThat(badQuery).isNotNull();
      assertThat(DatabaseUnreachable.isCause(badQuery)).isFalse();

      proxy.cut();

      // A pooled connection that was closed under it (SQLState 08006), then no connection in time.
      Throwable broken = catchThrowable(() -> database.dsl().fetchValue("select 1"));
      Throwable noConnection = catchThrowable(() -> database.dsl().fetchValue("select 1"));
      assertThat(DatabaseUnreachable.isCause(broken)).as(String.valueOf(broken)).isTrue();
      assertThat(DatabaseUnreachable.isCause(noConnection))
          .as(String.valueOf(noConnection))
          .isTrue();
      assertThat(new PostgresHealth(database).databaseUp()).isFalse();
    }
  }
}
