package io.updraft.hooks.ssh;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionField;
import io.updraft.core.hook.ConnectionTests;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.SharedPools;
import java.util.List;
import java.util.Set;

/** Opens {@link SshHook}s for conn type {@code ssh}. */
public final class SshHookFactory implements HookFactory {
  /** The form fields of SSH and SFTP connections alike. */
  static final List<ConnectionField> FIELDS =
      List.of(
          ConnectionField.of("host", "Host", "etl.example.com"),
          ConnectionField.of("port", "Port", "22"),
          ConnectionField.of("login", "User", "etl"),
          ConnectionField.secret("password", "Password (or a PEM private key)", ""),
          ConnectionField.secret("extra.private_key", "Private key (OpenSSH or PEM)", ""),
          ConnectionField.secret("extra.private_key_passphrase", "Private key passphrase", ""),
          ConnectionField.of(
              "extra.known_hosts",
              "Known hosts (ssh-keyscan output)",
              "[etl.example.com]:22 ssh-ed25519 AAAA..."),
          ConnectionField.of(
              "extra.host_key_policy", "Host key policy (strict, accept-new, no-check)", "strict"));

  @Override
  public Set<String> connTypes() {
    return Set.of("ssh");
  }

  @Override
  public String displayName() {
    return "SSH";
  }

  @Override
  public Class<? extends Hook> hookType() {
    return SshHook.class;
  }

  @Override
  public List<ConnectionField> fields() {
    return FIELDS;
  }

  @Override
  public Hook open(Connection connection, SharedPools pools) {
    return new SshHook(connection, pools, "sshd", c -> new SshConnector(SshSettings.of(c)));
  }

  @Override
  public Hook openForTest(Connection connection, SharedPools pools) {
    return new SshHook(
        connection,
        pools,
        "sshd-test",
        c -> new SshConnector(SshSettings.of(c).limitedTo(ConnectionTests.TIMEOUT)));
  }
}
