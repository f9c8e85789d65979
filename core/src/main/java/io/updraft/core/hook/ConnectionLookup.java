package io.updraft.core.hook;

import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretsChain;
import java.util.Locale;
import java.util.Map;

/**
 * Finds a connection by its id. The secrets chain implements it in a worker; tests use a map.
 * Called each time a hook is opened, so a rotated secret reaches the next hook without a restart.
 */
@FunctionalInterface
public interface ConnectionLookup {
  /**
   * The connection named {@code connId}.
   *
   * @throws ConnectionNotFoundException when no source knows it
   */
  Connection connection(String connId);

  /**
   * The connection named {@code connId} fetched again from its source, bypassing any cache. A hook
   * calls it once when the remote system rejected the connection's credentials, then retries with
   * what it returns (see {@link PooledHook}). Sources without a cache look it up again.
   *
   * @throws ConnectionNotFoundException when no source knows it any more
   */
  default Connection refetch(String connId) {
    return connection(connId);
  }

  /**
   * Connections from a secrets chain, asked on behalf of {@code requester}; {@link #refetch} drops
   * the chain's cached copy first, so a secret rotated in a backend is read at once.
   */
  static ConnectionLookup secrets(SecretsChain chain, Requester requester) {
    return new ConnectionLookup() {
      @Override
      public Connection connection(String connId) {
        return chain.connection(connId, requester);
      }

      @Override
      public Connection refetch(String connId) {
        chain.refreshConnection(connId);
        return chain.connection(connId, requester);
      }
    };
  }

  /** Connections held in memory, by conn id. */
  static ConnectionLookup of(Map<String, Connection> connections) {
    Map<String, Connection> copy = Map.copyOf(connections);
    return connId -> {
      Connection found = copy.get(connId);
      if (found == null) {
        throw new ConnectionNotFoundException(connId, "the " + copy.size() + " given connections");
      }
      return found;
    };
  }

  /**
   * Connections from environment variables {@code UPDRAFT_CONN_<ID>} (URI or JSON), as Airflow's
   * {@code AIRFLOW_CONN_<ID>}: the fallback until a secrets chain is configured.
   */
  static ConnectionLookup environment(Map<String, String> env) {
    return connId -> {
      String name = "UPDRAFT_CONN_" + connId.toUpperCase(Locale.ROOT);
      String value = env.get(name);
      if (value == null) {
        throw new ConnectionNotFoundException(connId, "environment variable " + name);
      }
      return Connection.parse(connId, value, "environment variable " + name);
    };
  }
}
