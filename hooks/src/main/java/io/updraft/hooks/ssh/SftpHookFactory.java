package io.updraft.hooks.ssh;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionField;
import io.updraft.core.hook.ConnectionTests;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.SharedPools;
import java.util.List;
import java.util.Set;

/** Opens {@link SftpHook}s for conn type {@code sftp}; its fields are an SSH connection's. */
public final class SftpHookFactory implements HookFactory {
  @Override
  public Set<String> connTypes() {
    return Set.of("sftp");
  }

  @Override
  public String displayName() {
    return "SFTP";
  }

  @Override
  public Class<? extends Hook> hookType() {
    return SftpHook.class;
  }

  @Override
  public List<ConnectionField> fields() {
    return SshHookFactory.FIELDS;
  }

  @Override
  public Hook open(Connection connection, SharedPools pools) {
    return new SftpHook(connection, pools, "sshd", c -> new SshConnector(SshSettings.of(c)));
  }

  @Override
  public Hook openForTest(Connection connection, SharedPools pools) {
    return new SftpHook(
        connection,
        pools,
        "sshd-test",
        c -> new SshConnector(SshSettings.of(c).limitedTo(ConnectionTests.TIMEOUT)));
  }
}
