package io.updraft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.updraft.core.connection.Connection;
import io.updraft.core.connection.PercentEncoding;
import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretNotFoundException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code updraft connections ...}: manage and look up connections. */
@Command(
    name = "connections",
    mixinStandardHelpOptions = true,
    description = "Add, look up, list, import, export and check connections.",
    subcommands = {
      ConnectionsAdd.class,
      ConnectionsCommand.Get.class,
      ConnectionsCommand.ListConnections.class,
      ConnectionsCommand.Delete.class,
      ConnectionsFiles.Import.class,
      ConnectionsFiles.Export.class,
      ConnectionsCommand.TestConnection.class,
      ConnectionsCommand.Check.class
    })
final class ConnectionsCommand {
  static final Requester CLI = Requester.component("cli");
  static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Look a connection up through the whole secrets chain.",
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {"0:found", "1:not found in any backend"})
  static final class Get implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "CONN_ID")
    String connId;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json, yaml or uri (default: json)")
    String output = "json";

    @Option(names = "--reveal", description = "Show the password and secret extras.")
    boolean reveal;

    @Override
    public Integer call() {
      try (SecretsAccess secrets = SecretsAccess.open(config, false)) {
        Connection c = secrets.chain.connection(connId, CLI);
        System.out.println(format(reveal ? c : masked(c), output));
        return 0;
      } catch (SecretNotFoundException e) {
        System.err.println("Error: " + e.getMessage());
        return 1;
      }
    }
  }

  /** The connection with its password and sensitive extras replaced by {@code ***}. */
  static Connection masked(Connection c) {
    Map<String, Object> extra = new LinkedHashMap<>();
    c.extra()
        .forEach((k, v) -> extra.put(k, SecretMasker.isSensitiveKey(k) ? SecretMasker.MASK : v));
    return c.withPassword(c.password() == null ? null : SecretMasker.MASK).withExtra(extra);
  }

  static String format(Connection c, String output) {
    try {
      return switch (output.toLowerCase(Locale.ROOT)) {
        case "json" -> JSON.writeValueAsString(c.fields());
        case "yaml" -> YAML.writeValueAsString(c.fields()).stripTrailing();
        // The URI form percent-encodes the mask; show it as typed.
        case "uri" ->
            c.toUri().replace(PercentEncoding.quote(SecretMasker.MASK), SecretMasker.MASK);
        default ->
            throw new UserError("Unknown output '" + output + "'; expected json, yaml or uri");
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the connections of the environment, files and metastore.")
  static final class ListConnections implements Runnable {
    @Mixin ConfigOption config;

    @Override
    public void run() {
      try (SecretsAccess secrets = SecretsAccess.open(config, false)) {
        Table table = new Table("conn_id", "conn_type", "host", "port", "backend");
        secrets
            .allConnections()
            .forEach(
                (id, found) ->
                    table.row(
                        id,
                        found.value().connType(),
                        found.value().host(),
                        found.value().port() == null ? "" : found.value().port().toString(),
                        found.backend()));
        table.print(System.out);
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage());
      }
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a connection from the metastore.")
  static final class Delete implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "CONN_ID")
    String connId;

    @Override
    public Integer call() {
      try (SecretsAccess secrets = SecretsAccess.open(config, true)) {
        if (!secrets.requireMetastore().deleteConnection(connId)) {
          System.err.println("Error: no connection '" + connId + "' in the metastore");
          return 1;
        }
        System.out.println("Deleted connection " + connId);
        return 0;
      }
    }
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = "Look a connection up and open a TCP connection to its host and port.")
  static final class TestConnection implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "CONN_ID")
    String connId;

    @Override
    public Integer call() {
      try (SecretsAccess secrets = SecretsAccess.open(config, false)) {
        Connection c = secrets.chain.connection(connId, CLI);
        if (c.host() == null || c.host().isEmpty() || c.port() == null) {
          System.out.println("Connection " + connId + " resolves (no host and port to reach)");
          return 0;
        }
        String host = c.host().contains("://") ? c.host().split("://", 2)[1] : c.host();
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(host, c.port()), 5_000);
          System.out.println(
              "Connection "
                  + connId
                  + " resolves and "
                  + host
                  + ":"
                  + c.port()
                  + " accepts connections");
          return 0;
        } catch (IOException e) {
          System.err.println(
              "Error: connection "
                  + connId
                  + " resolves, but "
                  + host
                  + ":"
                  + c.port()
                  + " cannot be reached: "
                  + e.getMessage());
          return 1;
        }
      } catch (SecretNotFoundException e) {
        System.err.println("Error: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Verify that required connections (secrets.required_connections, or the given ids)"
              + " resolve.",
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {"0:all resolve", "1:some do not (each is named)"})
  static final class Check implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(paramLabel = "CONN_ID", arity = "0..*", description = "Ids to check instead.")
    List<String> ids = new ArrayList<>();

    @Override
    public Integer call() {
      List<String> required = ids.isEmpty() ? config.load().secrets().requiredConnections() : ids;
      try (SecretsAccess secrets = SecretsAccess.open(config, false)) {
        List<String> problems = RequiredConnections.check(secrets.chain, required, CLI);
        if (problems.isEmpty()) {
          System.out.println(required.size() + " required connections resolve");
          return 0;
        }
        problems.forEach(p -> System.err.println("Error: " + p));
        return 1;
      }
    }
  }
}
