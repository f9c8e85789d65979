package io.updraft.hooks.http;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionField;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.SharedPools;
import java.util.List;
import java.util.Set;

/** Opens {@link HttpHook}s for conn types {@code http} and {@code https}. */
public final class HttpHookFactory implements HookFactory {
  @Override
  public Set<String> connTypes() {
    return Set.of("http", "https");
  }

  @Override
  public String displayName() {
    return "HTTP";
  }

  @Override
  public Class<? extends Hook> hookType() {
    return HttpHook.class;
  }

  @Override
  public List<ConnectionField> fields() {
    return List.of(
        ConnectionField.of("host", "Host or base URL", "api.example.com"),
        ConnectionField.of("schema", "Scheme", "https"),
        ConnectionField.of("port", "Port", "443"),
        ConnectionField.of("login", "User (basic auth)", ""),
        ConnectionField.secret("password", "Password or bearer token", ""),
        ConnectionField.of("extra.auth_type", "Auth type", "basic | bearer"),
        ConnectionField.of("extra.headers", "Headers (JSON)", "{\"X-Api-Key\": \"...\"}"),
        ConnectionField.of("extra.retries", "Retries", "3"),
        ConnectionField.of("extra.timeout", "Timeout (seconds)", "60"));
  }

  @Override
  public Hook open(Connection connection, SharedPools pools) {
    return new HttpHook(connection, pools);
  }

  @Override
  public Hook openForTest(Connection connection, SharedPools pools) {
    return new HttpHook(connection, pools, "okhttp-test", HttpClientResource::forTest);
  }
}
