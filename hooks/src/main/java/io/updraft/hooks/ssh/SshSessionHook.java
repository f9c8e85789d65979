package io.updraft.hooks.ssh;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.PooledHook;
import io.updraft.core.hook.SharedPools;
import java.io.IOException;
import java.util.function.Function;
import org.apache.sshd.client.session.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SSH and SFTP hooks share: the connection's {@link SshConnector} borrowed per
 * fingerprint, and one signed-in session of this hook's own, opened at first use and closed with
 * the hook. A rejected sign-in fetches the connection again and tries once more.
 */
abstract class SshSessionHook extends PooledHook<SshConnector> {
  private static final Logger LOG = LoggerFactory.getLogger(SshSessionHook.class);

  private ClientSession session;

  SshSessionHook(
      Connection connection,
      SharedPools pools,
      String kind,
      Function<Connection, SshConnector> create) {
    super(connection, pools, kind, create);
  }

  /** This hook's signed-in session, opened at first use. */
  protected synchronized ClientSession session() throws IOException {
    if (session == null || !session.isOpen()) {
      session = withCredentials(SshConnector::signIn);
      onSession(session);
    }
    return session;
  }

  /** Called with each new session, for what rides on it (an SFTP channel). */
  protected void onSession(ClientSession opened) throws IOException {}

  /** Closes what rides on the session, before the session itself. */
  protected void beforeSessionCloses() {}

  @Override
  public void close() {
    synchronized (this) {
      beforeSessionCloses();
      if (session != null) {
        try {
          session.close();
        } catch (IOException e) {
          LOG.debug("Closing the SSH session of '{}': {}", connection().connId(), e.toString());
        }
        session = null;
      }
    }
    super.close();
  }
}
