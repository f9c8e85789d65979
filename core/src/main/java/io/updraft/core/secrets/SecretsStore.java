package io.updraft.core.secrets;

import io.updraft.core.connection.Connection;
import java.util.List;
import java.util.Map;

/**
 * The backend that Updraft itself writes to (the metastore): the API, the UI and the CLI add,
 * replace, list and delete connections and variables through it. Values are stored encrypted, so
 * writing needs a key.
 */
public interface SecretsStore extends SecretsBackend {
  /** Whether an encryption key is set, so that connections and variables can be written. */
  boolean canEncrypt();

  /** Adds or replaces a connection. */
  void put(Connection connection);

  /** Whether a connection existed and was deleted. */
  boolean deleteConnection(String connId);

  /** Every connection, ordered by conn id. */
  List<Connection> connections();

  /** Adds or replaces a variable; {@code description} may be null. */
  void putVariable(String key, String value, String description);

  /** Whether a variable existed and was deleted. */
  boolean deleteVariable(String key);

  /** Every variable, ordered by key, with its value. */
  Map<String, String> variables();

  /** The description of every variable that has one, by key. */
  Map<String, String> variableDescriptions();
}
