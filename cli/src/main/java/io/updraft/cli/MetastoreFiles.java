package io.updraft.cli;

import io.updraft.sql.PostgresSecretsBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@code connections} and {@code variables} import and export share: reading a file through
 * its checks before the metastore is touched (so a bad file changes nothing), and writing one in
 * the format its extension names.
 */
final class MetastoreFiles {
  private MetastoreFiles() {}

  /**
   * Reads every entry of {@code file} with {@code read} (which checks them), then stores each (key
   * and value) with {@code store}; a file that does not read or pass its checks is a {@link
   * UserError}.
   */
  static <T> void importInto(
      ConfigOption config,
      Path file,
      String noun,
      Supplier<Map<String, T>> read,
      BiConsumer<PostgresSecretsBackend, Map.Entry<String, T>> store) {
    Map<String, T> entries;
    try {
      entries = read.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UserError(e.getMessage());
    }
    try (SecretsAccess secrets = SecretsAccess.open(config, true)) {
      PostgresSecretsBackend metastore = secrets.requireMetastore();
      entries.entrySet().forEach(entry -> store.accept(metastore, entry));
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage());
    }
    System.out.println("Imported " + entries.size() + " " + noun + " from " + file);
  }

  /**
   * Writes the metastore's entries ({@code list}, by key) to {@code file}: {@code KEY=value} lines
   * for {@code .env} (the value from {@code envValue}), else a map of each key to {@code
   * structured} of its entry as JSON or YAML.
   */
  static <T> void exportFrom(
      ConfigOption config,
      Path file,
      String noun,
      Function<PostgresSecretsBackend, Map<String, T>> list,
      Function<T, String> envValue,
      Function<T, Object> structured) {
    try (SecretsAccess secrets = SecretsAccess.open(config, true)) {
      Map<String, T> entries = list.apply(secrets.requireMetastore());
      Files.writeString(file, text(file, entries, envValue, structured));
      System.out.println("Exported " + entries.size() + " " + noun + " to " + file);
    } catch (IOException e) {
      throw new UserError("Cannot write " + file + ": " + e.getMessage());
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage());
    }
  }

  private static <T> String text(
      Path file,
      Map<String, T> entries,
      Function<T, String> envValue,
      Function<T, Object> structured)
      throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".env")) {
      StringBuilder out = new StringBuilder();
      entries.forEach((k, v) -> out.append(k).append('=').append(envValue.apply(v)).append('\n'));
      return out.toString();
    }
    Map<String, Object> byKey = new LinkedHashMap<>();
    entries.forEach((k, v) -> byKey.put(k, structured.apply(v)));
    if (name.endsWith(".json")) {
      return ConnectionsCommand.JSON.writeValueAsString(byKey) + "\n";
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return ConnectionsCommand.YAML.writeValueAsString(byKey);
    }
    throw new UserError("Unsupported export file " + file + "; use .env, .json, .yaml or .yml");
  }
}
