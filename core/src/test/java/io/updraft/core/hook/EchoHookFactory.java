package io.updraft.core.hook;

import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.CredentialsRejectedException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A hook over an in-memory client, enough to watch pooling, leases and closing. */
public final class EchoHookFactory implements HookFactory {
  static final AtomicInteger CLIENTS_CREATED = new AtomicInteger();

  @Override
  public Set<String> connTypes() {
    return Set.of("echo", "echo-alias");
  }

  @Override
  public String displayName() {
    return "Echo";
  }

  @Override
  public Class<? extends Hook> hookType() {
    return EchoHook.class;
  }

  @Override
  public List<ConnectionField> fields() {
    return List.of(
        ConnectionField.of("host", "Host", "echo.example.com"),
        ConnectionField.secret("password", "Token", ""));
  }

  @Override
  public Hook open(Connection connection, SharedPools pools) {
    return new EchoHook(connection, pools);
  }

  /** A client that remembers whether it was closed. */
  static final class EchoClient implements AutoCloseable {
    final String password;
    volatile boolean closed;

    EchoClient(Connection connection) {
      CLIENTS_CREATED.incrementAndGet();
      this.password = connection.password();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Answers with the password it was built with; healthy unless extra says otherwise. */
  public static final class EchoHook extends PooledHook<EchoClient> {
    EchoHook(Connection connection, SharedPools pools) {
      super(connection, pools, "echo", EchoClient::new);
    }

    EchoClient echoClient() {
      return client();
    }

    /** A call to a system that accepts only the password {@code accepted}. */
    String call(String accepted) {
      return withCredentials(
          client -> {
            if (!accepted.equals(client.password)) {
              throw new CredentialsRejectedException(
                  "Echo rejected the credentials of connection '" + connection().connId() + "'",
                  null);
            }
            return "answered with " + connection().host();
          });
    }

    @Override
    public HookTestResult test() {
      return "false".equals(connection().extraString("healthy"))
          ? HookTestResult.failed("host " + connection().host() + " does not answer")
          : HookTestResult.ok("echo answered");
    }
  }
}
