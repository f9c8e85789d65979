package io.updraft.cli;

import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.LocalFilesystemSecretsBackend;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code updraft connections import|export}: the metastore's connections from and to a {@code
 * .env}, {@code .json} or {@code .yaml} file.
 */
final class ConnectionsFiles {
  private ConnectionsFiles() {}

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = "Add every connection of a .env, .json, .yaml or .yml file to the metastore.")
  static final class Import implements Runnable {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public void run() {
      MetastoreFiles.importInto(
          config,
          file,
          "connections",
          () -> {
            Map<String, Connection> connections =
                new LocalFilesystemSecretsBackend(file, null).allConnections();
            ImportChecks.connections(connections, file);
            return connections;
          },
          (metastore, entry) -> metastore.put(entry.getValue()));
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write the metastore's connections, passwords included, to a .env, .json or .yaml file.")
  static final class Export implements Runnable {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public void run() {
      MetastoreFiles.exportFrom(
          config,
          file,
          "connections",
          metastore -> byId(metastore.connections()),
          Connection::toUri,
          ConnectionsFiles::fields);
    }
  }

  private static Map<String, Connection> byId(List<Connection> connections) {
    Map<String, Connection> byId = new LinkedHashMap<>();
    connections.forEach(c -> byId.put(c.connId(), c));
    return byId;
  }

  /** A connection's fields as a file keeps them: without its id (the key) and empty values. */
  private static Object fields(Connection c) {
    Map<String, Object> fields = new LinkedHashMap<>(c.fields());
    fields.remove("conn_id");
    fields.values().removeIf(v -> v == null);
    if (c.extra().isEmpty()) {
      fields.remove("extra");
    }
    return fields;
  }
}
