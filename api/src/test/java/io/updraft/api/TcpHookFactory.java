package io.updraft.api;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionField;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.SharedPools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Set;

/** A hook plugin for tests: conn type {@code tcp}, whose test connects to host:port for real. */
final class TcpHookFactory implements HookFactory {
  @Override
  public Set<String> connTypes() {
    return Set.of("tcp");
  }

  @Override
  public String displayName() {
    return "Plain TCP";
  }

  @Override
  public Class<? extends Hook> hookType() {
    return TcpHook.class;
  }

  @Override
  public List<ConnectionField> fields() {
    return List.of(
        ConnectionField.of("host", "Server name", "tcp.example.com"),
        ConnectionField.of("port", "Server port", "7000"),
        ConnectionField.secret("password", "Shared secret", ""),
        ConnectionField.secret("extra.api_token", "API token", "tok-..."),
        ConnectionField.of("extra.region", "Region", "eu-west-1"));
  }

  @Override
  public Hook open(Connection connection, SharedPools pools) {
    return new TcpHook(connection);
  }

  record TcpHook(Connection connection) implements Hook {
    @Override
    public HookTestResult test() {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(connection.host(), connection.port()), 2_000);
        return HookTestResult.ok("Connected to " + connection.host() + ":" + connection.port());
      } catch (IOException e) {
        return HookTestResult.failed(e);
      }
    }

    @Override
    public void close() {}
  }
}
