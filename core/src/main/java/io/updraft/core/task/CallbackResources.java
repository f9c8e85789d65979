package io.updraft.core.task;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.Hook;

/**
 * The connections and hooks lent to one callback that runs outside a worker's try (a run's, or a
 * task's that the scheduler calls): found through the process's secrets chain, the hooks closed
 * when the callback ends.
 */
public interface CallbackResources {

  /** None: a process wired without secrets, or a test that needs none. */
  CallbackResources NONE =
      new CallbackResources() {
        @Override
        public Connection connection(String connId) {
          throw unconfigured(connId);
        }

        @Override
        public <H extends Hook> H hook(String connId, Class<H> type) {
          throw unconfigured(connId);
        }
      };

  Connection connection(String connId);

  <H extends Hook> H hook(String connId, Class<H> type);

  private static UnsupportedOperationException unconfigured(String connId) {
    return new UnsupportedOperationException(
        "This process calls callbacks without a secrets chain, so connection '"
            + connId
            + "' cannot be found; start it with the same secrets settings as the workers");
  }
}
