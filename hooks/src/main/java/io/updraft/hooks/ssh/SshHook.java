package io.updraft.hooks.ssh;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.SharedPools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;

/**
 * Runs commands on a host over SSH (Airflow's {@code SSHHook}), signed in with the connection's
 * password or private key, the host key checked as its {@code host_key_policy} says. One session
 * per hook, opened at first use; the client is shared per connection fingerprint.
 *
 * <pre>{@code
 * try (SshHook ssh = context.hook("etl_box", SshHook.class)) {
 *   SshResult r = ssh.execute("ls /data", Map.of(), EnvMode.SSH_ENV, Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public final class SshHook extends SshSessionHook {
  SshHook(
      Connection connection,
      SharedPools pools,
      String kind,
      Function<Connection, SshConnector> create) {
    super(connection, pools, kind, create);
  }

  /**
   * Runs {@code command} (shell code, as the remote login shell reads it) with {@code env} passed
   * as {@code mode} says, and waits for it to end, at most {@code timeout} (zero: no limit). Output
   * past the connection's {@code max_output_bytes} per stream is counted, not kept.
   *
   * @throws IOException when the server cannot be reached, or the command outlives {@code timeout}
   */
  public SshResult execute(String command, Map<String, String> env, EnvMode mode, Duration timeout)
      throws IOException {
    Map<String, String> vars = new LinkedHashMap<>(env);
    vars.keySet().forEach(ShellQuoting::checkName);
    String line =
        mode == EnvMode.QUOTED_PREFIX ? ShellQuoting.exportPrefix(vars) + command : command;
    Map<String, String> requests = mode == EnvMode.SSH_ENV ? vars : Map.of();
    int limit = connector().settings().maxOutputBytes();
    BoundedOutput out = new BoundedOutput(limit);
    BoundedOutput err = new BoundedOutput(limit);
    try (ChannelExec channel =
        session().createExecChannel(line, StandardCharsets.UTF_8, null, requests)) {
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(connector().settings().connectTimeout());
      Set<ClientChannelEvent> events =
          channel.waitFor(
              EnumSet.of(ClientChannelEvent.CLOSED), timeout.isZero() ? 0 : timeout.toMillis());
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        throw new IOException(
            "The command on '" + connection().connId() + "' did not end within " + timeout);
      }
      Integer status = channel.getExitStatus();
      return new SshResult(
          status == null ? -1 : status, out.text(), err.text(), out.dropped(), err.dropped());
    }
  }

  /** Runs {@code command} with no environment and no time limit. */
  public SshResult execute(String command) throws IOException {
    return execute(command, Map.of(), EnvMode.SSH_ENV, Duration.ZERO);
  }

  private SshConnector connector() {
    return client();
  }

  /** Signs in, checking the host key; runs nothing on the host. */
  @Override
  public HookTestResult test() {
    try {
      var s = session();
      return HookTestResult.ok(
          "Connected to " + connector().settings().host() + " as " + s.getUsername());
    } catch (IOException | RuntimeException e) {
      return HookTestResult.failed(e);
    }
  }
}
