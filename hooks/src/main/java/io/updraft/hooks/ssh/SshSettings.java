package io.updraft.hooks.ssh;

import io.updraft.core.connection.Connection;
import java.time.Duration;

/**
 * An SSH connection's fields as Airflow's SSHHook reads them: host, port (22), login, and either
 * the password or a private key (the extra {@code private_key}, or a PEM key in the password field)
 * with an optional {@code private_key_passphrase}; {@code known_hosts} (OpenSSH's file format) or
 * Airflow's {@code host_key}, the {@code host_key_policy}, {@code conn_timeout} (seconds, 10) and
 * {@code max_output_bytes} (per stream, 1 MiB).
 */
record SshSettings(
    String connId,
    String host,
    int port,
    String username,
    String password,
    String privateKey,
    String passphrase,
    String knownHosts,
    HostKeyPolicy policy,
    Duration connectTimeout,
    int maxOutputBytes) {
  private static final String PEM_START = "-----BEGIN ";

  static SshSettings of(Connection c) {
    if (c.host() == null || c.host().isBlank()) {
      throw new IllegalArgumentException(
          "Connection '" + c.connId() + "' has no host; set it to the SSH server's name");
    }
    if (c.login() == null || c.login().isBlank()) {
      throw new IllegalArgumentException(
          "Connection '" + c.connId() + "' has no login; set it to the user to sign in as");
    }
    String key = c.extraString("private_key");
    String password = c.password();
    if ((key == null || key.isBlank())
        && password != null
        && password.strip().startsWith(PEM_START)) {
      key = password;
      password = null;
    }
    String knownHosts = join(c.extraString("known_hosts"), hostKeyLine(c));
    return new SshSettings(
        c.connId(),
        c.host().strip(),
        c.port() == null ? 22 : c.port(),
        c.login(),
        blankToNull(password),
        blankToNull(key),
        blankToNull(c.extraString("private_key_passphrase")),
        knownHosts,
        HostKeyPolicy.of(
            c.connId(), c.extraString("host_key_policy"), c.extraString("no_host_key_check")),
        Duration.ofSeconds(intExtra(c, "conn_timeout", 10)),
        intExtra(c, "max_output_bytes", 1024 * 1024));
  }

  /** The same settings with every wait at most {@code limit}, for a connection test. */
  SshSettings limitedTo(Duration limit) {
    Duration timeout = connectTimeout.compareTo(limit) > 0 ? limit : connectTimeout;
    return new SshSettings(
        connId,
        host,
        port,
        username,
        password,
        privateKey,
        passphrase,
        knownHosts,
        policy,
        timeout,
        maxOutputBytes);
  }

  /** Airflow's {@code host_key} is one key of this host without a host name: make it a line. */
  private static String hostKeyLine(Connection c) {
    String key = c.extraString("host_key");
    if (key == null || key.isBlank()) {
      return null;
    }
    int port = c.port() == null ? 22 : c.port();
    String host = port == 22 ? c.host().strip() : "[" + c.host().strip() + "]:" + port;
    return host + " " + key.strip();
  }

  private static String join(String a, String b) {
    if (a == null || a.isBlank()) {
      return b;
    }
    return b == null ? a : a + "\n" + b;
  }

  private static int intExtra(Connection c, String key, int otherwise) {
    String value = c.extraString(key);
    try {
      return value == null ? otherwise : Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Connection '" + c.connId() + "': extra '" + key + "' must be a whole number");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Never prints the password, the key or its passphrase. */
  @Override
  public String toString() {
    return "SshSettings["
        + connId
        + ": "
        + username
        + "@"
        + host
        + ":"
        + port
        + ", "
        + policy
        + "]";
  }
}
