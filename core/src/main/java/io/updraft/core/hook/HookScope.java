package io.updraft.core.hook;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hooks of one task. Everything opened through a scope is closed when the scope closes, even
 * when the operator forgot or failed half way: a worker closes the scope in a {@code finally}.
 */
public final class HookScope implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HookScope.class);

  private final Hooks hooks;
  private final String owner;
  private final ConnectionLookup connections;
  private final List<Hook> opened = new ArrayList<>();
  private boolean closed;

  HookScope(Hooks hooks, String owner, ConnectionLookup connections) {
    this.hooks = hooks;
    this.owner = owner;
    this.connections = connections;
  }

  /** Opens a hook for {@code connId} that this scope closes if the caller does not. */
  public Hook open(String connId) {
    return track(hooks.open(connections.connection(connId), connections));
  }

  /** Opens a hook of the given type for {@code connId}, closed with this scope. */
  public <H extends Hook> H open(String connId, Class<H> type) {
    return track(hooks.open(connId, type, connections));
  }

  /** The first healthy of several conn ids, closed with this scope. */
  public <H extends Hook> H openFirstHealthy(Class<H> type, List<String> connIds) {
    return track(hooks.openFirstHealthy(type, connIds, connections));
  }

  private synchronized <H extends Hook> H track(H hook) {
    if (closed) {
      hook.close();
      throw new IllegalStateException("The hooks of " + owner + " are closed: the task has ended");
    }
    opened.add(hook);
    return hook;
  }

  /** How many hooks were opened through this scope. */
  public synchronized int openedCount() {
    return opened.size();
  }

  /** Closes every hook opened through this scope (closing a hook twice is harmless). */
  @Override
  public void close() {
    List<Hook> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(opened);
      opened.clear();
    }
    // Last opened first, as try-with-resources would.
    for (int i = toClose.size() - 1; i >= 0; i--) {
      Hook hook = toClose.get(i);
      try {
        hook.close();
      } catch (RuntimeException e) {
        LOG.warn(
            "Closing the hook of connection '{}' for {} failed: {}",
            hook.connection().connId(),
            owner,
            e.toString());
      }
    }
  }
}
