package io.updraft.hooks.postgres;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionField;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.SharedPools;
import java.util.List;
import java.util.Set;

/** Opens {@link PostgresHook}s for conn types {@code postgres} and {@code postgresql}. */
public final class PostgresHookFactory implements HookFactory {
  @Override
  public Set<String> connTypes() {
    return Set.of("postgres", "postgresql");
  }

  @Override
  public String displayName() {
    return "PostgreSQL";
  }

  @Override
  public Class<? extends Hook> hookType() {
    return PostgresHook.class;
  }

  @Override
  public List<ConnectionField> fields() {
    return List.of(
        ConnectionField.of("host", "Host", "db.example.com"),
        ConnectionField.of("port", "Port", "5432"),
        ConnectionField.of("schema", "Database", "analytics"),
        ConnectionField.of("login", "User", "etl"),
        ConnectionField.secret("password", "Password", ""),
        ConnectionField.of("extra.pool_size", "Pool size", "5"),
        ConnectionField.of("extra.sslmode", "SSL mode", "require"));
  }

  @Override
  public Hook open(Connection connection, SharedPools pools) {
    return new PostgresHook(connection, pools);
  }

  @Override
  public Hook openForTest(Connection connection, SharedPools pools) {
    return new PostgresHook(connection, pools, "hikari-test", PostgresPool::forTest);
  }
}
