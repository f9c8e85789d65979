package io.updraft.cli;

import io.updraft.core.config.SecretsConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.EnvironmentSecretsBackend;
import io.updraft.core.secrets.LocalFilesystemSecretsBackend;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsBackends;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.sql.Database;
import io.updraft.sql.FernetCipher;
import io.updraft.sql.PostgresSecretsBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The secrets chain of a command. The database is opened only when the chain (or the command) needs
 * the metastore, so reading connections from the environment, files or a vault works without one.
 */
final class SecretsAccess implements AutoCloseable {
  final SecretsChain chain;
  final PostgresSecretsBackend metastore;
  private final List<SecretsBackend> backends;
  private final Database database;

  private SecretsAccess(
      List<SecretsBackend> backends, Database database, PostgresSecretsBackend m) {
    this.backends = backends;
    this.database = database;
    this.metastore = m;
    this.chain = chain(backends);
  }

  private static SecretsChain chain(List<SecretsBackend> backends) {
    // A command runs once: caching would only hide a value changed by the command itself.
    return new SecretsChain(
        backends, Duration.ZERO, Clock.systemUTC(), SecretsAudit.log(), new SecretMasker());
  }

  /**
   * Opens the chain of the configuration.
   *
   * @param needsMetastore true for commands that write to the metastore (add, delete, import)
   */
  static SecretsAccess open(ConfigOption option, boolean needsMetastore) {
    UpdraftConfig config = option.load();
    SecretsBackends named = new SecretsBackends(config.secrets());
    Database database = null;
    PostgresSecretsBackend metastore = null;
    try {
      if (needsMetastore || named.usesMetastore()) {
        config = option.loadConnected();
        database = Database.connectForCommand(config.database());
        metastore = metastore(database, config.secrets());
      }
      List<SecretsBackend> backends = named.create(System.getenv(), metastore);
      return new SecretsAccess(backends, database, metastore);
    } catch (IllegalArgumentException e) {
      if (database != null) {
        database.close();
      }
      throw new UserError(e.getMessage());
    } catch (RuntimeException e) {
      if (database != null) {
        database.close();
      }
      throw e;
    }
  }

  /**
   * The chain of a long-running process: cached for secrets.cache_ttl_seconds, audited to the log
   * and to {@code alsoAudit} (the process's metrics).
   */
  static SecretsChain processChain(
      UpdraftConfig config, Database database, Clock clock, SecretsAudit alsoAudit) {
    SecretsAudit log = SecretsAudit.log();
    SecretsConfig secrets = config.secrets();
    SecretsBackends named = new SecretsBackends(secrets);
    try {
      PostgresSecretsBackend metastore =
          named.usesMetastore() ? metastore(database, secrets) : null;
      return new SecretsChain(
          named.create(System.getenv(), metastore),
          Duration.ofSeconds(secrets.cacheTtlSeconds()),
          clock,
          read -> {
            log.record(read);
            alsoAudit.record(read);
          },
          new SecretMasker());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  static PostgresSecretsBackend metastore(Database database, SecretsConfig config) {
    try {
      return new PostgresSecretsBackend(database, new FernetCipher(config.fernetKeys()));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  PostgresSecretsBackend requireMetastore() {
    if (metastore == null) {
      throw new UserError("This command needs the metastore database");
    }
    return metastore;
  }

  /** The connections every listable backend holds, with the backend's name; the first wins. */
  Map<String, Sourced<Connection>> allConnections() {
    Map<String, Sourced<Connection>> all = new LinkedHashMap<>();
    for (SecretsBackend backend : backends) {
      for (Connection c : list(backend)) {
        all.putIfAbsent(c.connId(), new Sourced<>(c, backend.name()));
      }
    }
    return all;
  }

  Map<String, Sourced<String>> allVariables() {
    Map<String, Sourced<String>> all = new LinkedHashMap<>();
    for (SecretsBackend backend : backends) {
      Map<String, String> values =
          switch (backend) {
            case PostgresSecretsBackend m -> m.variables();
            case LocalFilesystemSecretsBackend f -> f.allVariables();
            case EnvironmentSecretsBackend e -> fromEnv(EnvironmentSecretsBackend.VAR_PREFIX);
            default -> Map.of();
          };
      values.forEach((k, v) -> all.putIfAbsent(k, new Sourced<>(v, backend.name())));
    }
    return all;
  }

  private static List<Connection> list(SecretsBackend backend) {
    return switch (backend) {
      case PostgresSecretsBackend m -> m.connections();
      case LocalFilesystemSecretsBackend f -> List.copyOf(f.allConnections().values());
      case EnvironmentSecretsBackend e -> {
        List<Connection> result = new ArrayList<>();
        fromEnv(EnvironmentSecretsBackend.CONN_PREFIX)
            .keySet()
            .forEach(id -> e.connection(id).ifPresent(result::add));
        yield result;
      }
      // Remote backends are asked for ids, never listed.
      default -> List.of();
    };
  }

  private static Map<String, String> fromEnv(String prefix) {
    Map<String, String> found = new LinkedHashMap<>();
    System.getenv().entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                found.put(
                    e.getKey().substring(prefix.length()).toLowerCase(Locale.ROOT), e.getValue()));
    return found;
  }

  record Sourced<T>(T value, String backend) {}

  @Override
  public void close() {
    if (database != null) {
      database.close();
    }
  }
}
