package io.updraft.core.hook;

import io.updraft.core.connection.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients (connection pools, HTTP clients, SDK clients) shared by the hooks of one process, one per
 * connection fingerprint and kind of client. A hook borrows one with {@link #acquire} and returns
 * it by closing the {@link Lease}.
 *
 * <p>When a connection's fields change (a rotated password, say), the next {@code acquire} builds a
 * fresh client, and the old one is retired: it is closed as soon as its last lease is returned, so
 * tasks running with the old credentials finish undisturbed.
 */
public final class SharedPools implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SharedPools.class);

  private final Map<PoolKey, Entry> byFingerprint = new HashMap<>();
  private final Map<CurrentKey, PoolKey> current = new HashMap<>();
  private boolean closed;

  /**
   * Borrows the shared client of {@code kind} for this connection, creating it on first use.
   *
   * @param kind what sort of client ("hikari", "okhttp", ...), so that one connection may back
   *     several
   */
  public <R extends AutoCloseable> Lease<R> acquire(
      Connection connection, String kind, Function<Connection, R> create) {
    PoolKey key = new PoolKey(kind, ConnectionFingerprint.of(connection));
    CurrentKey currentKey = new CurrentKey(kind, connection.connId());
    Entry entry;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("The shared pools are closed (the process is stopping)");
      }
      entry = byFingerprint.get(key);
      if (entry == null) {
        entry = new Entry(key, create.apply(connection));
        byFingerprint.put(key, entry);
        LOG.debug("New {} client for connection '{}'", kind, connection.connId());
      }
      // A secret rotated back to an earlier value makes its retired client current again.
      entry.retired = false;
      PoolKey previous = current.put(currentKey, key);
      if (previous != null && !previous.equals(key)) {
        retire(previous, connection.connId());
      }
      entry.leases++;
    }
    @SuppressWarnings("unchecked")
    R resource = (R) entry.resource;
    return new Lease<>(this, entry, resource);
  }

  /** How many clients are open (retired ones still lent out included). */
  public synchronized int openClients() {
    return byFingerprint.size();
  }

  private void retire(PoolKey key, String connId) {
    Entry old = byFingerprint.get(key);
    if (old == null || current.containsValue(key)) {
      return;
    }
    old.retired = true;
    LOG.info(
        "Connection '{}' changed; its old {} client closes after its last user ({} now)",
        connId,
        key.kind(),
        old.leases);
    if (old.leases == 0) {
      closeEntry(old);
    }
  }

  private synchronized void release(Entry entry) {
    entry.leases--;
    if (entry.leases == 0 && entry.retired && byFingerprint.get(entry.key) == entry) {
      closeEntry(entry);
    }
  }

  private void closeEntry(Entry entry) {
    byFingerprint.remove(entry.key);
    try {
      entry.resource.close();
    } catch (Exception e) {
      LOG.warn("Closing a retired {} client failed: {}", entry.key.kind(), e.toString());
    }
  }

  /** Closes every client, lent out or not: the process is stopping. */
  @Override
  public void close() {
    List<Entry> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(byFingerprint.values());
      byFingerprint.clear();
      current.clear();
    }
    for (Entry entry : all) {
      try {
        entry.resource.close();
      } catch (Exception e) {
        LOG.warn("Closing a {} client failed: {}", entry.key.kind(), e.toString());
      }
    }
  }

  /** A borrowed client; close it to give it back (closing twice is harmless). */
  public static final class Lease<R> implements AutoCloseable {
    private final SharedPools pools;
    private final Entry entry;
    private final R resource;
    private boolean released;

    private Lease(SharedPools pools, Entry entry, R resource) {
      this.pools = pools;
      this.entry = entry;
      this.resource = resource;
    }

    public R resource() {
      return resource;
    }

    @Override
    public synchronized void close() {
      if (!released) {
        released = true;
        pools.release(entry);
      }
    }
  }

  private record PoolKey(String kind, String fingerprint) {}

  private record CurrentKey(String kind, String connId) {}

  private static final class Entry {
    final PoolKey key;
    final AutoCloseable resource;
    int leases;
    boolean retired;

    Entry(PoolKey key, AutoCloseable resource) {
      this.key = key;
      this.resource = resource;
    }
  }
}
