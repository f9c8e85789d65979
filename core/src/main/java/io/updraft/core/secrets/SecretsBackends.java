package io.updraft.core.secrets;

import io.updraft.core.config.SecretsConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Builds the backends named by {@code secrets.order}: {@code env} and {@code file} here, {@code
 * metastore} from the caller (it needs the database), anything else from a {@link
 * SecretsBackendFactory} on the class path.
 */
public final class SecretsBackends {
  public static final String METASTORE = "metastore";

  private final SecretsConfig config;
  private Map<String, SecretsBackendFactory> factories;

  public SecretsBackends(SecretsConfig config) {
    this.config = config;
  }

  /**
   * The factories on the class path, looked up on first need: the lookup reads every jar of the
   * class path, a tenth of a second that a command using only env, file and metastore is spared.
   */
  private Map<String, SecretsBackendFactory> factories() {
    if (factories == null) {
      factories = new LinkedHashMap<>();
      for (SecretsBackendFactory factory : ServiceLoader.load(SecretsBackendFactory.class)) {
        factories.putIfAbsent(factory.name(), factory);
      }
    }
    return factories;
  }

  /**
   * Whether the default order may hold a backend of a factory: a factory joins it only when its
   * configuration section is set ({@link SecretsBackendFactory#isConfigured}).
   */
  private boolean anySectionSet() {
    return SecretsConfig.EXTERNAL.stream().anyMatch(name -> !config.section(name).isEmpty());
  }

  /**
   * The order to use: {@code secrets.order} when set, else the configured external backends, then
   * {@code env}, then {@code metastore}.
   */
  public List<String> order() {
    if (!config.order().isEmpty()) {
      return config.order();
    }
    List<String> order = new ArrayList<>();
    Map<String, SecretsBackendFactory> factories = anySectionSet() ? factories() : Map.of();
    for (String name : SecretsConfig.EXTERNAL) {
      boolean configured =
          name.equals("file")
              ? config.file().isConfigured()
              : factories.containsKey(name) && factories.get(name).isConfigured(config);
      if (configured) {
        order.add(name);
      }
    }
    factories.values().stream()
        .filter(f -> !SecretsConfig.EXTERNAL.contains(f.name()) && f.isConfigured(config))
        .forEach(f -> order.add(f.name()));
    order.add("env");
    order.add(METASTORE);
    return List.copyOf(order);
  }

  public boolean usesMetastore() {
    return order().contains(METASTORE);
  }

  /**
   * The backends in order.
   *
   * @param env the process environment, for {@code env}
   * @param metastore the metastore backend, or null when the caller has no database (then {@code
   *     metastore} in the order is an error)
   */
  public List<SecretsBackend> create(Map<String, String> env, SecretsBackend metastore) {
    List<SecretsBackend> backends = new ArrayList<>();
    for (String name : order()) {
      backends.add(create(name, env, metastore));
    }
    return backends;
  }

  private SecretsBackend create(String name, Map<String, String> env, SecretsBackend metastore) {
    switch (name) {
      case "env":
        return new EnvironmentSecretsBackend(env);
      case "file":
        if (!config.file().isConfigured()) {
          throw new IllegalArgumentException(
              "secrets.order names 'file' but neither secrets.file.connections nor"
                  + " secrets.file.variables is set (UPDRAFT_SECRETS__FILE__CONNECTIONS=path)");
        }
        return new LocalFilesystemSecretsBackend(
            path(config.file().connections()), path(config.file().variables()));
      case METASTORE:
        if (metastore == null) {
          throw new IllegalArgumentException(
              "secrets.order names 'metastore' but this command has no database");
        }
        return metastore;
      default:
        Map<String, SecretsBackendFactory> factories = factories();
        SecretsBackendFactory factory = factories.get(name);
        if (factory == null) {
          throw new IllegalArgumentException(
              "Unknown secrets backend '"
                  + name
                  + "' in secrets.order; known: env, file, metastore"
                  + (factories.isEmpty() ? "" : ", " + String.join(", ", factories.keySet())));
        }
        return factory.create(config);
    }
  }

  private static Path path(String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }
}
