package io.updraft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.secrets.LocalFilesystemSecretsBackend;
import io.updraft.core.secrets.SecretNotFoundException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code updraft variables ...}: manage and look up variables. */
@Command(
    name = "variables",
    mixinStandardHelpOptions = true,
    description = "Set, get, list, delete, import and export variables.",
    subcommands = {
      VariablesCommand.Set.class,
      VariablesCommand.Get.class,
      VariablesCommand.ListVariables.class,
      VariablesCommand.Delete.class,
      VariablesCommand.Import.class,
      VariablesCommand.Export.class
    })
final class VariablesCommand {
  @Command(name = "set", mixinStandardHelpOptions = true, description = "Set a variable.")
  static final class Set implements Runnable {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Override
    public void run() {
      try (SecretsAccess secrets = SecretsAccess.open(config, true)) {
        secrets.requireMetastore().putVariable(key, value, description);
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage());
      }
      System.out.println("Set variable " + key);
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Print a variable's value, looked up through the whole secrets chain.",
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {"0:found", "1:not found in any backend"})
  static final class Get implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "plain (the value as stored, the default) or json (a JSON value)")
    String output = "plain";

    @Override
    public Integer call() {
      try (SecretsAccess secrets = SecretsAccess.open(config, false)) {
        String value = secrets.chain.variable(key, ConnectionsCommand.CLI);
        System.out.println(
            switch (output.toLowerCase(Locale.ROOT)) {
              case "plain" -> value;
              case "json" -> asJson(value);
              default ->
                  throw new UserError("Unknown output '" + output + "'; expected plain or json");
            });
        return 0;
      } catch (SecretNotFoundException e) {
        System.err.println("Error: " + e.getMessage());
        return 1;
      }
    }

    /** A value that is JSON prints as itself; any other text as a JSON string. */
    private static String asJson(String value) {
      try {
        JsonNode node = ConnectionsCommand.JSON.readTree(value);
        return ConnectionsCommand.JSON.writeValueAsString(node);
      } catch (JsonProcessingException e) {
        try {
          return ConnectionsCommand.JSON.writeValueAsString(value);
        } catch (JsonProcessingException impossible) {
          throw new IllegalStateException(impossible);
        }
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the variables of the environment, files and metastore (keys only).")
  static final class ListVariables implements Runnable {
    @Mixin ConfigOption config;

    @Override
    public void run() {
      try (SecretsAccess secrets = SecretsAccess.open(config, false)) {
        Table table = new Table("key", "backend");
        secrets.allVariables().forEach((key, found) -> table.row(key, found.backend()));
        table.print(System.out);
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage());
      }
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a variable from the metastore.")
  static final class Delete implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Override
    public Integer call() {
      try (SecretsAccess secrets = SecretsAccess.open(config, true)) {
        if (!secrets.requireMetastore().deleteVariable(key)) {
          System.err.println("Error: no variable '" + key + "' in the metastore");
          return 1;
        }
        System.out.println("Deleted variable " + key);
        return 0;
      }
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = "Set every variable of a .env, .json, .yaml or .yml file in the metastore.")
  static final class Import implements Runnable {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public void run() {
      MetastoreFiles.importInto(
          config,
          file,
          "variables",
          () -> {
            Map<String, String> variables =
                new LocalFilesystemSecretsBackend(null, file).allVariables();
            ImportChecks.variables(variables, file);
            return variables;
          },
          (metastore, entry) -> metastore.putVariable(entry.getKey(), entry.getValue(), null));
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Write the metastore's variables to a .env, .json or .yaml file.")
  static final class Export implements Runnable {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public void run() {
      MetastoreFiles.exportFrom(
          config,
          file,
          "variables",
          metastore -> new LinkedHashMap<>(metastore.variables()),
          value -> value,
          value -> value);
    }
  }
}
