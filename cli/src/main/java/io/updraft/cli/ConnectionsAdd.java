package io.updraft.cli;

import io.updraft.core.connection.Connection;
import io.updraft.core.json.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code updraft connections add}: a connection from a URI, JSON or its fields, into the metastore.
 */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = "Add (or replace) a connection in the metastore.")
final class ConnectionsAdd implements Runnable {
  @Mixin ConfigOption config;

  @Parameters(index = "0", paramLabel = "CONN_ID")
  String connId;

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(
        names = "--conn-uri",
        paramLabel = "URI",
        description = "The connection as a URI. " + SecretInput.HELP)
    String uri;

    @Option(
        names = "--conn-json",
        paramLabel = "JSON",
        description = "The connection as JSON. " + SecretInput.HELP)
    String json;

    @ArgGroup(exclusive = false)
    Fields fields;
  }

  static final class Fields {
    @Option(names = "--conn-type", required = true, paramLabel = "TYPE")
    String type;

    @Option(names = "--conn-host", paramLabel = "HOST")
    String host;

    @Option(names = "--conn-login", paramLabel = "LOGIN")
    String login;

    @Option(names = "--conn-password", paramLabel = "PASSWORD", description = SecretInput.HELP)
    String password;

    @Option(names = "--conn-schema", paramLabel = "SCHEMA")
    String schema;

    @Option(names = "--conn-port", paramLabel = "PORT")
    Integer port;

    @Option(names = "--conn-extra", paramLabel = "JSON", description = "A JSON object.")
    String extra;

    @Option(names = "--conn-description", paramLabel = "TEXT")
    String description;
  }

  @Override
  public void run() {
    Connection connection = parse();
    try (SecretsAccess secrets = SecretsAccess.open(config, true)) {
      secrets.requireMetastore().put(connection);
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage());
    }
    System.out.println("Added connection " + connId);
  }

  private Connection parse() {
    try {
      if (source.uri != null) {
        return Connection.parse(
            connId, SecretInput.valueOrStdin(source.uri, "--conn-uri"), "--conn-uri");
      }
      if (source.json != null) {
        return Connection.fromJson(connId, SecretInput.valueOrStdin(source.json, "--conn-json"));
      }
      Fields f = source.fields;
      return new Connection(
          connId,
          f.type,
          f.description,
          f.host,
          f.login,
          SecretInput.valueOrStdin(f.password, "--conn-password"),
          f.schema,
          f.port,
          Json.parseObject(f.extra, "--conn-extra"));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
