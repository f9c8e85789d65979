package io.updraft.api.view;

import java.util.List;

/**
 * The connections page. No row holds a password: only whether one is set.
 *
 * @param message the outcome of a test, or empty
 * @param testsEnabled whether this server runs connection tests (api.connection_test)
 */
public record ConnectionsView(
    Layout layout,
    List<ConnectionRow> connections,
    String message,
    boolean messageOk,
    boolean testsEnabled) {
  /** One connection, extras under sensitive keys masked. */
  public record ConnectionRow(
      String connId,
      String connType,
      String description,
      String host,
      String login,
      boolean passwordSet,
      String schema,
      String port,
      String extra,
      String href) {}
}
