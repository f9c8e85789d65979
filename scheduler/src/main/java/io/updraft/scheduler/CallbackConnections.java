package io.updraft.scheduler;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.task.CallbackResources;

/**
 * The connections and hooks of the callbacks this scheduler calls, as a worker lends them to a try:
 * found through the process's secrets chain (which audits who asked and masks what it lends) and
 * opened by its hook factories, each callback's hooks closed when it ends.
 */
final class CallbackConnections {
  static final CallbackConnections NONE = new CallbackConnections(null, null);

  private final SecretsChain secrets;
  private final Hooks hooks;

  CallbackConnections(SecretsChain secrets, Hooks hooks) {
    this.secrets = secrets;
    this.hooks = hooks;
  }

  /** What one callback of {@code dagId} (and of {@code taskId}, null for a run's) may use. */
  Lent lend(String dagId, String taskId) {
    return new Lent(dagId, taskId);
  }

  /** One callback's connections and hooks; closing it closes the hooks it left open. */
  final class Lent implements CallbackResources, AutoCloseable {
    private final Requester requester;
    private final HookScope scope;

    private Lent(String dagId, String taskId) {
      this.requester =
          Requester.task("scheduler callback", dagId, taskId == null ? "(run)" : taskId);
      this.scope =
          secrets == null || hooks == null
              ? null
              : hooks.scope(
                  "the callback of " + requester, ConnectionLookup.secrets(secrets, requester));
    }

    @Override
    public Connection connection(String connId) {
      return secrets == null
          ? CallbackResources.NONE.connection(connId)
          : secrets.connection(connId, requester);
    }

    @Override
    public <H extends Hook> H hook(String connId, Class<H> type) {
      return scope == null ? CallbackResources.NONE.hook(connId, type) : scope.open(connId, type);
    }

    @Override
    public void close() {
      if (scope != null) {
        scope.close();
      }
    }
  }
}
