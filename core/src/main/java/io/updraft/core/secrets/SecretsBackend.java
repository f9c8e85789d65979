package io.updraft.core.secrets;

import io.updraft.core.connection.Connection;
import java.util.Optional;

/**
 * One place connections and variables are kept: the environment, local files, the metastore, a
 * vault. Backends are asked in order by {@link SecretsChain}; the first that has a value wins.
 */
public interface SecretsBackend {
  /** The short name used in {@code secrets.order}: {@code env}, {@code file}, {@code vault}, ... */
  String name();

  /**
   * The connection, or empty when this backend does not have it.
   *
   * @throws RuntimeException when the backend cannot answer (unreachable, denied, a malformed
   *     value); the chain logs it, without values, and asks the next backend
   */
  Optional<Connection> connection(String connId);

  /** The variable's value as stored, or empty when this backend does not have it. */
  Optional<String> variable(String key);
}
