package io.updraft.core.hook;

import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.CredentialsRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A base for hooks whose client is shared per connection: it borrows the client from {@link
 * SharedPools} when opened and gives it back when closed. Subclasses call {@link #client()}, or
 * {@link #withCredentials} around each call to the remote system so that rotated credentials are
 * picked up without a restart.
 *
 * <p>Rotation: when a call wrapped in {@link #withCredentials} throws {@link
 * CredentialsRejectedException}, the hook fetches its connection again from where it was found
 * (bypassing the secrets cache, see {@link ConnectionLookup#refetch}), moves to the shared client
 * of the new credentials and retries the call once. The old client stays lent to this hook until it
 * closes, so a call still running on it elsewhere is not cut off; after that it drains and closes
 * as {@link SharedPools} does for any rotated connection.
 */
public abstract class PooledHook<R extends AutoCloseable> implements Hook {
  private static final Logger LOG = LoggerFactory.getLogger(PooledHook.class);

  private final SharedPools pools;
  private final String kind;
  private final Function<Connection, R> create;
  private final ReentrantLock renewing = new ReentrantLock();
  private final List<SharedPools.Lease<R>> retired = new ArrayList<>();
  private volatile Current<R> current;
  private volatile ConnectionLookup source;
  private volatile boolean closed;

  protected PooledHook(
      Connection connection, SharedPools pools, String kind, Function<Connection, R> create) {
    this.pools = pools;
    this.kind = kind;
    this.create = create;
    this.current = new Current<>(connection, pools.acquire(connection, kind, create));
  }

  /** The shared client; fails once this hook is closed, so a leaked reference cannot be reused. */
  protected R client() {
    checkOpen();
    return current.lease().resource();
  }

  /**
   * Runs {@code call} with the shared client. When it throws {@link CredentialsRejectedException},
   * the connection is fetched again once, bypassing caches, and {@code call} runs once more with
   * the client of the new credentials. Wrap only calls that the remote system refused before doing
   * anything (a failed login, a 401), so that the retry cannot do the work twice.
   *
   * @throws CredentialsRejectedException when the credentials fetched again are the same, or are
   *     rejected too, naming the conn id; or when this hook cannot fetch its connection again
   */
  protected final <T, E extends Exception> T withCredentials(ClientCall<? super R, T, E> call)
      throws E {
    R client = client();
    try {
      return call.call(client);
    } catch (CredentialsRejectedException rejected) {
      R renewed = renewAfterRejection(client, rejected);
      try {
        return call.call(renewed);
      } catch (CredentialsRejectedException again) {
        throw rejectedAgain(again);
      }
    }
  }

  /**
   * The error for credentials rejected after they were fetched again, naming the conn id, for hooks
   * that retry on their own; {@code again} is the second rejection.
   */
  protected final CredentialsRejectedException rejectedAgain(CredentialsRejectedException again) {
    String connId = connection().connId();
    return new CredentialsRejectedException(
        "Connection '"
            + connId
            + "' was fetched again after its credentials were rejected, and the new credentials"
            + " were rejected too: "
            + again.getMessage()
            + ". Check the secret of connection '"
            + connId
            + "' where it is stored",
        again);
  }

  /**
   * The client to retry with after the remote system rejected the credentials of {@code
   * rejectedClient}, for hooks that retry on their own rather than through {@link
   * #withCredentials}. Fetches the connection again and moves this hook to the new credentials'
   * client; when another call of this hook already did, returns that client without fetching.
   *
   * @throws CredentialsRejectedException {@code rejection} when this hook has nowhere to fetch its
   *     connection from (opened by a factory directly, or through {@link Hooks#open(Connection)}
   *     for a connection the caller holds), or a clearer one when the fetched credentials are
   *     unchanged
   */
  protected final R renewAfterRejection(R rejectedClient, CredentialsRejectedException rejection) {
    ConnectionLookup lookup = source;
    if (lookup == null) {
      throw rejection;
    }
    renewing.lock();
    try {
      checkOpen();
      Current<R> now = current;
      if (now.lease().resource() != rejectedClient) {
        return now.lease().resource();
      }
      String connId = now.connection().connId();
      String rejected = ConnectionFingerprint.of(now.connection());
      Connection fresh;
      try {
        // Another hook of this worker may have fetched it already: many tasks meet the same
        // rotation at once, and one read of the backend is enough for all of them.
        fresh = lookup.connection(connId);
        if (ConnectionFingerprint.of(fresh).equals(rejected)) {
          LOG.info(
              "The remote system rejected the credentials of connection '{}'; fetching it again"
                  + " from its source, bypassing caches, and retrying once",
              connId);
          fresh = lookup.refetch(connId);
        } else {
          LOG.info(
              "The remote system rejected the credentials of connection '{}'; retrying once with"
                  + " the newer credentials already fetched",
              connId);
        }
      } catch (RuntimeException e) {
        e.addSuppressed(rejection);
        throw e;
      }
      if (ConnectionFingerprint.of(fresh).equals(rejected)) {
        throw new CredentialsRejectedException(
            rejection.getMessage()
                + ". Connection '"
                + connId
                + "' was fetched again, bypassing caches, and its credentials are unchanged:"
                + " store the new credentials where the connection is defined",
            rejection);
      }
      current = new Current<>(fresh, pools.acquire(fresh, kind, create));
      retired.add(now.lease());
      return current.lease().resource();
    } finally {
      renewing.unlock();
    }
  }

  /** Lets this hook fetch its connection again through {@code lookup} when rejected. */
  final void fetchAgainThrough(ConnectionLookup lookup) {
    this.source = lookup;
  }

  /** The connection this hook works with: the one fetched again after a rejection, if any. */
  @Override
  public Connection connection() {
    return current.connection();
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    renewing.lock();
    try {
      current.lease().close();
      retired.forEach(SharedPools.Lease::close);
      retired.clear();
    } finally {
      renewing.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          "The hook of connection '" + current.connection().connId() + "' is closed");
    }
  }

  /** A call to the remote system through the shared client. */
  @FunctionalInterface
  protected interface ClientCall<R, T, E extends Exception> {
    T call(R client) throws E;
  }

  private record Current<R>(Connection connection, SharedPools.Lease<R> lease) {}
}
