package io.updraft.hooks.ssh;

import io.updraft.core.connection.Connection;
import io.updraft.testing.SshTestServer;
import java.util.HashMap;
import java.util.Map;

/** Connections to an {@link SshTestServer}. */
final class SshConnections {
  private SshConnections() {}

  /** With the password, the host key checked against the server's known_hosts line. */
  static Connection withPassword(SshTestServer server, String connId, String type) {
    return of(server, connId, type, SshTestServer.PASSWORD, "known_hosts", server.knownHostsLine());
  }

  static Connection of(
      SshTestServer server, String connId, String type, String password, Object... extra) {
    Map<String, Object> extras = new HashMap<>();
    for (int i = 0; i < extra.length; i += 2) {
      extras.put((String) extra[i], extra[i + 1]);
    }
    return new Connection(
        connId, type, null, "127.0.0.1", SshTestServer.USER, password, null, server.port(), extras);
  }
}
