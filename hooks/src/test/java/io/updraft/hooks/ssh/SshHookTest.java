package io.updraft.hooks.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.Hooks;
import io.updraft.core.secrets.CredentialsRejectedException;
import io.updraft.testing.SshTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH hook against a real in-process SSH server whose commands run in /bin/sh. */
class SshHookTest {
  private static final String HOSTILE_TEMPLATE = "'; touch %s; echo '$(touch %s)`touch %s`";

  @TempDir static Path dir;
  private static SshTestServer server;
  private Hooks hooks;

  @BeforeAll
  static void start() {
    server = new SshTestServer(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void open() {
    hooks = Hooks.load(ConnectionLookup.of(Map.of()), getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    hooks.close();
  }

  private SshHook open(Connection c) {
    return (SshHook) hooks.open(c);
  }

  @Test
  void a_command_gives_its_real_exit_status_stdout_and_stderr() throws Exception {
    try (SshHook ssh = open(SshConnections.withPassword(server, "box", "ssh"))) {
      SshResult result = ssh.execute("echo out; echo err >&2; exit 3");

      assertThat(result.exitStatus()).isEqualTo(3);
      assertThat(result.stdout()).isEqualTo("out\n");
      assertThat(result.stderr()).isEqualTo("err\n");
      assertThat(ssh.execute("test -d /").succeeded()).isTrue();
    }
  }

  @Test
  void output_past_max_output_bytes_is_counted_not_kept() throws Exception {
    Connection c =
        SshConnections.of(
            server,
            "box",
            "ssh",
            SshTestServer.PASSWORD,
            "known_hosts",
            server.knownHostsLine(),
            "max_output_bytes",
            "100");
    try (SshHook ssh = open(c)) {
      SshResult result = ssh.execute("head -c 5000 /dev/zero | tr '\\0' a");

      assertThat(result.stdout()).hasSize(100);
      assertThat(result.stdoutDropped()).isEqualTo(4900);
    }
  }

  @Test
  void a_private_key_signs_in_from_the_extra_encrypted_or_not_or_from_the_password_field()
      throws Exception {
    Connection plain =
        SshConnections.of(
            server,
            "key",
            "ssh",
            null,
            "known_hosts",
            server.knownHostsLine(),
            "private_key",
            server.privateKey(null));
    Connection encrypted =
        SshConnections.of(
            server,
            "key_enc",
            "ssh",
            null,
            "known_hosts",
            server.knownHostsLine(),
            "private_key",
            server.privateKey(SshTestServer.PASSPHRASE),
            "private_key_passphrase",
            SshTestServer.PASSPHRASE);
    Connection inPassword =
        SshConnections.of(
            server,
            "key_pw",
            "ssh",
            server.privateKey(null),
            "known_hosts",
            server.knownHostsLine());

    for (Connection c : java.util.List.of(plain, encrypted, inPassword)) {
      try (SshHook ssh = open(c)) {
        assertThat(ssh.execute("echo signed in as $(id -u) >/dev/null; echo ok").stdout())
            .as(c.connId())
            .isEqualTo("ok\n");
      }
    }
    Connection wrongPassphrase =
        SshConnections.of(
            server,
            "key_bad",
            "ssh",
            null,
            "known_hosts",
            server.knownHostsLine(),
            "private_key",
            server.privateKey(SshTestServer.PASSPHRASE),
            "private_key_passphrase",
            "not-the-passphrase");
    assertThatThrownBy(() -> open(wrongPassphrase))
        .hasMessageContaining("private key cannot be read")
        .hasMessageNotContaining(SshTestServer.PASSPHRASE);
  }

  @Test
  void a_wrong_password_is_a_rejection_that_never_shows_the_password() {
    String wrong = "wrong-" + SshTestServer.PASSWORD;
    Connection c =
        SshConnections.of(
            server, "box_wrong", "ssh", wrong, "known_hosts", server.knownHostsLine());
    try (SshHook ssh = open(c)) {
      assertThatThrownBy(() -> ssh.execute("true"))
          .isInstanceOf(CredentialsRejectedException.class)
          .hasMessageContaining("box_wrong")
          .hasMessageNotContaining(wrong);
      HookTestResult result = ssh.test();
      assertThat(result.ok()).isFalse();
      assertThat(result.message()).doesNotContain(wrong);
    }
    assertThat(hooks.test(c).message()).startsWith("Could not connect").doesNotContain(wrong);
    assertThat(hooks.test(SshConnections.withPassword(server, "box", "ssh")).message())
        .isEqualTo("Connected to 127.0.0.1 as etl");
  }

  @Test
  void strict_is_the_default_and_refuses_an_unknown_or_changed_host_key() {
    Connection unknown = SshConnections.of(server, "strict", "ssh", SshTestServer.PASSWORD);
    String otherKeyLine =
        "[127.0.0.1]:"
            + server.port()
            + " "
            + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                server.userKey.getPublic());
    Connection changed =
        SshConnections.of(
            server, "strict", "ssh", SshTestServer.PASSWORD, "known_hosts", otherKeyLine);
    Connection changedAcceptNew =
        SshConnections.of(
            server,
            "strict",
            "ssh",
            SshTestServer.PASSWORD,
            "known_hosts",
            otherKeyLine,
            "host_key_policy",
            "accept-new");

    try (SshHook ssh = open(unknown)) {
      assertThatThrownBy(() -> ssh.execute("true"))
          .hasMessageContaining("is not in its known hosts")
          .hasMessageContaining("extra known_hosts");
    }
    for (Connection c : java.util.List.of(changed, changedAcceptNew)) {
      try (SshHook ssh = open(c)) {
        assertThatThrownBy(() -> ssh.execute("true"))
            .hasMessageContaining("does not match its known hosts entry");
      }
    }
  }

  @Test
  void accept_new_and_no_check_sign_in_to_a_host_not_in_the_known_hosts() throws Exception {
    Connection acceptNew =
        SshConnections.of(
            server, "lax", "ssh", SshTestServer.PASSWORD, "host_key_policy", "accept-new");
    Connection noCheck =
        SshConnections.of(
            server, "lax2", "ssh", SshTestServer.PASSWORD, "no_host_key_check", "true");

    for (Connection c : java.util.List.of(acceptNew, noCheck)) {
      try (SshHook ssh = open(c)) {
        assertThat(ssh.execute("echo in").stdout()).isEqualTo("in\n");
      }
    }
    assertThatThrownBy(
            () -> open(SshConnections.of(server, "x", "ssh", "p", "host_key_policy", "sometimes")))
        .hasMessageContaining("must be strict, accept-new or no-check");
  }

  @Test
  void environment_values_reach_the_command_as_data_in_both_modes() throws Exception {
    Path marker = dir.resolve("pwned");
    String hostile = HOSTILE_TEMPLATE.formatted(marker, marker, marker);
    try (SshHook ssh = open(SshConnections.withPassword(server, "box", "ssh"))) {
      for (EnvMode mode : EnvMode.values()) {
        SshResult result =
            ssh.execute(
                "printf '%s' \"$NOTE\"", Map.of("NOTE", hostile), mode, Duration.ofSeconds(30));

        assertThat(result.stdout()).as(mode.name()).isEqualTo(hostile);
      }
    }
    assertThat(Files.exists(marker)).isFalse();
    assertThatThrownBy(() -> ShellQuoting.checkName("A;B")).hasMessageContaining("name must be");
  }

  @Test
  void hooks_of_one_connection_share_one_client_and_each_has_its_session() throws Exception {
    Connection c = SshConnections.withPassword(server, "box", "ssh");
    int before = hooks.pools().openClients();
    try (SshHook a = open(c);
        SshHook b = open(c)) {
      assertThat(a.execute("echo a").stdout()).isEqualTo("a\n");
      assertThat(b.execute("echo b").stdout()).isEqualTo("b\n");
      assertThat(hooks.pools().openClients()).isEqualTo(before + 1);
    }
  }
}
