package io.updraft.core.secrets;

import io.updraft.core.connection.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks connections and variables up in an ordered list of backends; the first that has the value
 * wins. A backend that fails is logged (its error, never a value) and skipped. Found values are
 * cached for a TTL (zero turns the cache off) and can be dropped on demand with {@link #refresh},
 * so rotated credentials are picked up without a restart. Every read is audited, and every password
 * and sensitive extra fetched is registered with the masker. An id that breaks {@link SecretIds}'
 * rule is refused with {@link InvalidSecretIdException} before any backend is asked.
 */
public final class SecretsChain {
  private static final Logger LOG = LoggerFactory.getLogger(SecretsChain.class);

  private final List<SecretsBackend> backends;
  private final long ttlMillis;
  private final Clock clock;
  private final SecretsAudit audit;
  private final SecretMasker masker;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  public SecretsChain(
      List<SecretsBackend> backends,
      Duration ttl,
      Clock clock,
      SecretsAudit audit,
      SecretMasker masker) {
    this.backends = List.copyOf(backends);
    this.ttlMillis = ttl.toMillis();
    this.clock = clock;
    this.audit = audit;
    this.masker = masker;
  }

  /** The backends' names, in the order they are asked. */
  public List<String> backendNames() {
    return backends.stream().map(SecretsBackend::name).toList();
  }

  public SecretMasker masker() {
    return masker;
  }

  /**
   * The connection, from the first backend that has it.
   *
   * @throws SecretNotFoundException naming the conn id and every backend searched
   */
  public Connection connection(String connId, Requester requester) {
    Lookup found = lookupConnection(connId, requester);
    if (found.value() == null) {
      throw notFound(SecretRead.Kind.CONNECTION, connId, found.failures());
    }
    return (Connection) found.value();
  }

  public Optional<Connection> findConnection(String connId, Requester requester) {
    return Optional.ofNullable((Connection) lookupConnection(connId, requester).value());
  }

  private Lookup lookupConnection(String connId, Requester requester) {
    Lookup found =
        lookup(
            "c:" + connId,
            connId,
            SecretRead.Kind.CONNECTION,
            requester,
            b -> b.connection(connId));
    // A cached connection was registered when it was fetched: a hit stays allocation-light.
    if (!found.cached() && found.value() instanceof Connection c) {
      masker.register(c);
    }
    return found;
  }

  /**
   * The variable's value as stored.
   *
   * @throws SecretNotFoundException naming the key and every backend searched
   */
  public String variable(String key, Requester requester) {
    Lookup found = lookupVariable(key, requester);
    if (found.value() == null) {
      throw notFound(SecretRead.Kind.VARIABLE, key, found.failures());
    }
    return (String) found.value();
  }

  public Optional<String> findVariable(String key, Requester requester) {
    return Optional.ofNullable((String) lookupVariable(key, requester).value());
  }

  private Lookup lookupVariable(String key, Requester requester) {
    Lookup found =
        lookup("v:" + key, key, SecretRead.Kind.VARIABLE, requester, b -> b.variable(key));
    // The rule that masks a connection's sensitive extras masks a variable named like one.
    if (!found.cached()
        && found.value() instanceof String value
        && SecretMasker.isSensitiveKey(key)) {
      masker.register(value);
    }
    return found;
  }

  /**
   * Runs {@code use} with the connection; when it throws {@link CredentialsRejectedException}, the
   * cached connection is dropped, fetched again from the backends and {@code use} retried once.
   */
  public <T> T withConnection(String connId, Requester requester, Function<Connection, T> use) {
    try {
      return use.apply(connection(connId, requester));
    } catch (CredentialsRejectedException e) {
      LOG.info(
          "Credentials of connection '{}' were rejected; fetching it again and retrying once",
          connId);
      refreshConnection(connId);
      return use.apply(connection(connId, requester));
    }
  }

  /** Drops every cached value: the next lookups ask the backends again. */
  public void refresh() {
    cache.clear();
  }

  /** Drops one cached connection, e.g. after the remote system rejected its credentials. */
  public void refreshConnection(String connId) {
    cache.remove("c:" + connId);
  }

  public void refreshVariable(String key) {
    cache.remove("v:" + key);
  }

  private Lookup lookup(
      String cacheKey,
      String id,
      SecretRead.Kind kind,
      Requester requester,
      Function<SecretsBackend, Optional<?>> ask) {
    // Before the cache and before any backend: an id that could climb out of a backend's
    // configured path is refused here, once, whatever backends are configured.
    SecretIds.check(kind == SecretRead.Kind.CONNECTION ? "Connection id" : "Variable key", id);
    if (ttlMillis > 0) {
      Cached cached = cache.get(cacheKey);
      if (cached != null && clock.millis() < cached.expiresAtMillis()) {
        audit.record(new SecretRead(requester, kind, id, cached.backend(), true, clock.instant()));
        return new Lookup(cached.value(), true, List.of());
      }
    }
    List<String> failures = new ArrayList<>();
    for (SecretsBackend backend : backends) {
      Optional<?> value;
      try {
        value = ask.apply(backend);
      } catch (FernetKeyException e) {
        // The value exists but this process cannot read it: no other backend's answer is right.
        throw e;
      } catch (RuntimeException e) {
        String problem = masker.mask(e.getClass().getSimpleName() + ": " + e.getMessage());
        LOG.warn(
            "Secrets backend '{}' failed to look up {} '{}'; trying the next one. {}",
            backend.name(),
            kind == SecretRead.Kind.CONNECTION ? "connection" : "variable",
            id,
            problem);
        failures.add(backend.name() + ": " + problem);
        continue;
      }
      if (value.isPresent()) {
        if (ttlMillis > 0) {
          cache.put(cacheKey, new Cached(value.get(), backend.name(), clock.millis() + ttlMillis));
        }
        audit.record(new SecretRead(requester, kind, id, backend.name(), false, clock.instant()));
        return new Lookup(value.get(), false, List.of());
      }
    }
    audit.record(new SecretRead(requester, kind, id, null, false, clock.instant()));
    return new Lookup(null, false, failures);
  }

  private SecretNotFoundException notFound(SecretRead.Kind kind, String id, List<String> failures) {
    String what = kind == SecretRead.Kind.CONNECTION ? "Connection" : "Variable";
    String searched =
        backends.isEmpty()
            ? "no backends are configured (secrets.order is empty)"
            : "searched "
                + backends.stream().map(SecretsBackend::name).collect(Collectors.joining(", "));
    String failed = failures.isEmpty() ? "" : "; failed: " + String.join("; ", failures);
    String hint =
        kind == SecretRead.Kind.CONNECTION
            ? " Define it, e.g. UPDRAFT_CONN_"
                + id.toUpperCase(Locale.ROOT)
                + "='type://login:password@host:port/schema' or 'updraft connections add "
                + id
                + " --conn-uri ...'."
            : " Define it, e.g. UPDRAFT_VAR_"
                + id.toUpperCase(Locale.ROOT)
                + "=value or 'updraft variables set "
                + id
                + " VALUE'.";
    return new SecretNotFoundException(
        what + " '" + id + "' not found (" + searched + failed + ")." + hint);
  }

  private record Cached(Object value, String backend, long expiresAtMillis) {}

  /** A found value (null when none) and the failures met on the way. */
  private record Lookup(Object value, boolean cached, List<String> failures) {}
}
