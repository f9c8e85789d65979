package io.updraft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.LocalFilesystemSecretsBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
      Map<String, Connection> connections;
      try {
        connections = new LocalFilesystemSecretsBackend(file, null).allConnections();
        ImportChecks.connections(connections, file);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new UserError(e.getMessage());
      }
      try (SecretsAccess secrets = SecretsAccess.open(config, true)) {
        for (Connection c : connections.values()) {
          secrets.requireMetastore().put(c);
        }
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage());
      }
      System.out.println("Imported " + connections.size() + " connections from " + file);
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
      try (SecretsAccess secrets = SecretsAccess.open(config, true)) {
        List<Connection> connections = secrets.requireMetastore().connections();
        Files.writeString(file, render(connections, file.getFileName().toString()));
        System.out.println("Exported " + connections.size() + " connections to " + file);
      } catch (IOException e) {
        throw new UserError("Cannot write " + file + ": " + e.getMessage());
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage());
      }
    }

    private static String render(List<Connection> connections, String name)
        throws JsonProcessingException {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".env")) {
        StringBuilder out = new StringBuilder();
        connections.forEach(c -> out.append(c.connId()).append('=').append(c.toUri()).append('\n'));
        return out.toString();
      }
      Map<String, Object> byId = new LinkedHashMap<>();
      for (Connection c : connections) {
        Map<String, Object> fields = new LinkedHashMap<>(c.fields());
        fields.remove("conn_id");
        fields.values().removeIf(v -> v == null);
        if (c.extra().isEmpty()) {
          fields.remove("extra");
        }
        byId.put(c.connId(), fields);
      }
      if (lower.endsWith(".json")) {
        return ConnectionsCommand.JSON.writeValueAsString(byId) + "\n";
      }
      if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
        return ConnectionsCommand.YAML.writeValueAsString(byId);
      }
      throw new UserError("Unsupported export file " + name + "; use .env, .json, .yaml or .yml");
    }
  }
}
