package io.updraft.core.hook;

import io.updraft.core.connection.Connection;
import java.util.function.Function;

/**
 * A base for hooks whose client is shared per connection: it borrows the client from {@link
 * SharedPools} when opened and gives it back when closed. Subclasses call {@link #client()}.
 */
public abstract class PooledHook<R extends AutoCloseable> implements Hook {
  private final Connection connection;
  private final SharedPools.Lease<R> lease;
  private volatile boolean closed;

  protected PooledHook(
      Connection connection, SharedPools pools, String kind, Function<Connection, R> create) {
    this.connection = connection;
    this.lease = pools.acquire(connection, kind, create);
  }

  /** The shared client; fails once this hook is closed, so a leaked reference cannot be reused. */
  protected R client() {
    if (closed) {
      throw new IllegalStateException(
          "The hook of connection '" + connection.connId() + "' is closed");
    }
    return lease.resource();
  }

  @Override
  public Connection connection() {
    return connection;
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    lease.close();
  }
}
