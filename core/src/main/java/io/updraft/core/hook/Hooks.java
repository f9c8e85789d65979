package io.updraft.core.hook;

import io.updraft.core.connection.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Opens hooks from conn ids: finds the connection through a {@link ConnectionLookup}, picks the
 * {@link HookFactory} for its conn type and lends it the process's {@link SharedPools}. One per
 * process; each task works through its own {@link HookScope}, which closes what the task left open.
 */
public final class Hooks implements AutoCloseable {
  private final ConnectionLookup connections;
  private final Map<String, HookFactory> factories;
  private final SharedPools pools;

  public Hooks(ConnectionLookup connections, Collection<HookFactory> factories, SharedPools pools) {
    this.connections = connections;
    this.pools = pools;
    Map<String, HookFactory> byType = new LinkedHashMap<>();
    for (HookFactory factory : factories) {
      for (String type : factory.connTypes()) {
        HookFactory clash = byType.putIfAbsent(normalize(type), factory);
        if (clash != null && clash.getClass() != factory.getClass()) {
          throw new IllegalStateException(
              "Conn type '"
                  + type
                  + "' is claimed by both "
                  + clash.getClass().getName()
                  + " and "
                  + factory.getClass().getName()
                  + "; remove one of them from META-INF/services");
        }
      }
    }
    this.factories = Map.copyOf(byType);
  }

  /** The hook factories on {@code loader}'s class path, found with {@link ServiceLoader}. */
  public static Hooks load(ConnectionLookup connections, ClassLoader loader) {
    List<HookFactory> found = new ArrayList<>();
    ServiceLoader.load(HookFactory.class, loader).forEach(found::add);
    return new Hooks(connections, found, new SharedPools());
  }

  /** A scope for one task: every hook opened through it is closed when it closes. */
  public HookScope scope(String owner) {
    return new HookScope(this, owner, connections);
  }

  /**
   * A scope for one task that finds connections through {@code lookup}, e.g. the task's own view of
   * the secrets chain (which audits who asked and masks what it returns).
   */
  public HookScope scope(String owner, ConnectionLookup lookup) {
    return new HookScope(this, owner, lookup);
  }

  /** Opens a hook for {@code connId}; the caller closes it. */
  public Hook open(String connId) {
    return open(connections.connection(connId), connections);
  }

  /**
   * Opens a hook for a connection the caller holds (e.g. a form to test); the caller closes it.
   * When its credentials are rejected it does not fetch them again: they are the caller's choice,
   * and a stored connection of the same id must not stand in for them.
   */
  public Hook open(Connection connection) {
    return open(connection, null);
  }

  /**
   * Opens a hook for a connection found through {@code lookup}, which it asks again when its
   * credentials are rejected (null: never).
   */
  Hook open(Connection connection, ConnectionLookup lookup) {
    Hook hook = factoryFor(connection).open(connection, pools);
    if (lookup != null && hook instanceof PooledHook<?> pooled) {
      pooled.fetchAgainThrough(lookup);
    }
    return hook;
  }

  /** Opens a hook for {@code connId} and checks that it is a {@code type}. */
  public <H extends Hook> H open(String connId, Class<H> type) {
    return open(connId, type, connections);
  }

  <H extends Hook> H open(String connId, Class<H> type, ConnectionLookup lookup) {
    Hook hook = open(lookup.connection(connId), lookup);
    if (!type.isInstance(hook)) {
      String actual = hook.getClass().getSimpleName();
      String connType = hook.connection().connType();
      hook.close();
      throw new IllegalArgumentException(
          "Connection '"
              + connId
              + "' has conn type '"
              + connType
              + "', which opens a "
              + actual
              + ", not the "
              + type.getSimpleName()
              + " this task needs; point the task at a connection of the right type");
    }
    return type.cast(hook);
  }

  /**
   * Opens a hook for each conn id in turn and returns the first whose {@link Hook#test()} passes
   * (failover across regions or replicas). The others are closed.
   *
   * @throws NoHealthyConnectionException naming every conn id and why it failed
   */
  public <H extends Hook> H openFirstHealthy(Class<H> type, List<String> connIds) {
    return openFirstHealthy(type, connIds, connections);
  }

  <H extends Hook> H openFirstHealthy(
      Class<H> type, List<String> connIds, ConnectionLookup lookup) {
    if (connIds.isEmpty()) {
      throw new IllegalArgumentException("Failover needs at least one conn id");
    }
    Map<String, String> failures = new LinkedHashMap<>();
    for (String connId : connIds) {
      H hook;
      try {
        hook = open(connId, type, lookup);
      } catch (RuntimeException e) {
        failures.put(connId, String.valueOf(e.getMessage()));
        continue;
      }
      HookTestResult result;
      try {
        result = hook.test();
      } catch (RuntimeException e) {
        result = HookTestResult.failed(e);
      }
      if (result.ok()) {
        return hook;
      }
      failures.put(connId, result.message());
      hook.close();
    }
    throw new NoHealthyConnectionException(failures);
  }

  /**
   * Tests a connection for a person (see {@link ConnectionTests}): with short timeouts and clients
   * of its own, all closed before this returns.
   *
   * @throws IllegalArgumentException when no hook is installed for its conn type
   */
  public HookTestResult test(Connection connection) {
    return ConnectionTests.run(factoryFor(connection), connection);
  }

  /** The factory for a conn type, if one is installed (for the UI's form and "Test" button). */
  public Optional<HookFactory> factory(String connType) {
    return Optional.ofNullable(factories.get(normalize(connType)));
  }

  /** Every installed factory, once each. */
  public List<HookFactory> factories() {
    return factories.values().stream().distinct().toList();
  }

  public SharedPools pools() {
    return pools;
  }

  private HookFactory factoryFor(Connection connection) {
    String type = connection.connType();
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException(
          "Connection '" + connection.connId() + "' has no conn type; set one (e.g. postgres)");
    }
    HookFactory factory = factories.get(normalize(type));
    if (factory == null) {
      throw new IllegalArgumentException(
          "No hook for conn type '"
              + type
              + "' of connection '"
              + connection.connId()
              + "'; installed types: "
              + factories.keySet().stream().sorted().toList());
    }
    return factory;
  }

  private static String normalize(String connType) {
    // Airflow's URIs spell types with '-' where its registry has '_' (google-cloud-platform).
    return connType.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /** Closes the shared clients: call it once, when the process stops. */
  @Override
  public void close() {
    pools.close();
  }
}
