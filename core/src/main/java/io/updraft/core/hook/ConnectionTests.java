package io.updraft.core.hook;

import io.updraft.core.connection.Connection;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection test, asked for by a person through the API or UI. It opens the hook with clients
 * of its own (never the process's shared pools, which would keep one pool per tested connection
 * forever) and closes them before it answers.
 *
 * <p>The answer says only "connected" (with what the server said) or "could not connect": whether
 * the port was closed, filtered or spoke another protocol, and the raw error, stay in the server's
 * log, so the test cannot serve as a port scanner of the server's network.
 */
public final class ConnectionTests {
  /** The longest a test may wait for connecting or for an answer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionTests.class);

  private ConnectionTests() {}

  static HookTestResult run(HookFactory factory, Connection connection) {
    try (SharedPools own = new SharedPools()) {
      Hook hook;
      try {
        hook = factory.openForTest(connection, own);
      } catch (IllegalArgumentException e) {
        // Thrown before any network access: what the connection lacks (no host, a bad extra).
        return HookTestResult.failed(e.getMessage());
      }
      try (hook) {
        HookTestResult result = hook.test();
        if (result.ok()) {
          return result;
        }
        LOG.info("Test of connection '{}' failed: {}", connection.connId(), result.message());
      } catch (RuntimeException e) {
        LOG.info("Test of connection '{}' failed: {}", connection.connId(), e.toString());
      }
      return couldNotConnect(connection);
    }
  }

  private static HookTestResult couldNotConnect(Connection connection) {
    return HookTestResult.failed(
        "Could not connect to the "
            + connection.connType()
            + " server of connection '"
            + connection.connId()
            + "', or it did not accept the test. Check the host, port and credentials; the API server's"
            + " log says more.");
  }
}
