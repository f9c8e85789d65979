package io.updraft.hooks.smtp;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionField;
import io.updraft.core.hook.ConnectionTests;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.SharedPools;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Opens {@link SmtpHook}s for conn type {@code smtp}. */
public final class SmtpHookFactory implements HookFactory {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Override
  public Set<String> connTypes() {
    return Set.of("smtp");
  }

  @Override
  public String displayName() {
    return "SMTP (email)";
  }

  @Override
  public Class<? extends Hook> hookType() {
    return SmtpHook.class;
  }

  @Override
  public List<ConnectionField> fields() {
    return List.of(
        ConnectionField.of("host", "SMTP server", "smtp.example.com"),
        ConnectionField.of("port", "Port", "587"),
        ConnectionField.of("login", "User", "updraft@example.com"),
        ConnectionField.secret("password", "Password", ""),
        ConnectionField.of("extra.from_email", "From", "updraft@example.com"),
        ConnectionField.of("extra.starttls", "STARTTLS", "true"),
        ConnectionField.of("extra.ssl", "Implicit TLS (port 465)", "false"));
  }

  @Override
  public Hook open(Connection connection, SharedPools pools) {
    return new SmtpHook(connection, TIMEOUT);
  }

  @Override
  public Hook openForTest(Connection connection, SharedPools pools) {
    return new SmtpHook(connection, ConnectionTests.TIMEOUT);
  }
}
