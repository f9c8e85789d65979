package io.updraft.hooks.jdbc;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionField;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.SharedPools;
import java.util.List;
import java.util.Set;

/** Opens {@link JdbcHook}s for conn type {@code jdbc}. */
public final class JdbcHookFactory implements HookFactory {
  @Override
  public Set<String> connTypes() {
    return Set.of("jdbc");
  }

  @Override
  public String displayName() {
    return "JDBC (any driver on the class path)";
  }

  @Override
  public Class<? extends Hook> hookType() {
    return JdbcHook.class;
  }

  @Override
  public List<ConnectionField> fields() {
    return List.of(
        ConnectionField.of("host", "JDBC URL", "jdbc:postgresql://db.example.com:5432/analytics"),
        ConnectionField.of("login", "User", "etl"),
        ConnectionField.secret("password", "Password", ""),
        ConnectionField.of("extra.driver_class", "Driver class", "org.postgresql.Driver"),
        ConnectionField.of("extra.pool_size", "Pool size", "5"));
  }

  @Override
  public Hook open(Connection connection, SharedPools pools) {
    return new JdbcHook(connection, pools, "hikari-jdbc", JdbcPool::create);
  }

  @Override
  public Hook openForTest(Connection connection, SharedPools pools) {
    return new JdbcHook(connection, pools, "hikari-jdbc-test", JdbcPool::forTest);
  }
}
