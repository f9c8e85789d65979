package io.updraft.core.hook;

import io.updraft.core.connection.Connection;

/**
 * A client of one external system, opened from a connection by a {@link HookFactory}. Close it when
 * done; a task's hooks left open are closed when the task ends. Closing a hook releases its share
 * of a pool; the pool itself lives on for the next hook of the same connection.
 */
public interface Hook extends AutoCloseable {
  /** The connection this hook was opened with. */
  Connection connection();

  /** Checks that the system answers with these credentials, as the UI's "Test" button does. */
  HookTestResult test();

  /** Gives back this hook's share of its pool; closing twice is harmless. */
  @Override
  void close();
}
