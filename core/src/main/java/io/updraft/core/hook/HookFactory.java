package io.updraft.core.hook;

import io.updraft.core.connection.Connection;
import java.util.List;
import java.util.Set;

/**
 * Opens hooks for one or more conn types. A plugin: implement it, list the class in {@code
 * META-INF/services/io.updraft.core.hook.HookFactory}, and {@link Hooks} finds it.
 *
 * <p>A factory must not cache clients itself: it asks {@link SharedPools} for them, so that a
 * rotated secret gets a fresh client and the old one is closed once its last hook is.
 */
public interface HookFactory {
  /** The conn types this factory opens, e.g. {@code postgres} and {@code postgresql}. */
  Set<String> connTypes();

  /** A name for the UI's conn type list, e.g. "PostgreSQL". */
  String displayName();

  /** The hook class this factory returns. */
  Class<? extends Hook> hookType();

  /** The connection fields the hook reads, with the labels the UI's form shows. */
  List<ConnectionField> fields();

  /** Opens a hook; shared clients come from {@code pools}. */
  Hook open(Connection connection, SharedPools pools);

  /**
   * Opens a hook for one {@link Hook#test()} asked for by a person (the API's and UI's connection
   * test): it should give up within seconds ({@link ConnectionTests#TIMEOUT}), follow no redirects
   * and hold at most one connection. The default opens the hook as for a task.
   */
  default Hook openForTest(Connection connection, SharedPools pools) {
    return open(connection, pools);
  }
}
