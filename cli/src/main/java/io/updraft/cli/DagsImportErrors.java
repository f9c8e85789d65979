package io.updraft.cli;

import io.updraft.core.json.Json;
import io.updraft.core.run.ImportError;
import io.updraft.core.run.ImportErrorStore;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code updraft dags list-import-errors}: the DAG files that did not load, as the schedulers last
 * recorded them (Airflow's command of that name). {@code dags list} ends with the same errors.
 */
@Command(
    name = "list-import-errors",
    mixinStandardHelpOptions = true,
    description = "List the DAG files (jars of the DAGs folder) that did not load, and why.")
final class DagsImportErrors implements Runnable {
  /** One error as the JSON API shows it. */
  record ImportErrorJson(
      long importErrorId, String filename, String stackTrace, Instant timestamp) {
    static ImportErrorJson of(ImportError e) {
      return new ImportErrorJson(e.id(), e.filename(), e.message(), e.recordedAt());
    }
  }

  record ImportErrorList(List<ImportErrorJson> importErrors, int totalEntries) {}

  @Mixin ConfigOption config;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (each file, then its problems one per line) or json.")
  String output;

  @Override
  public void run() {
    if (!output.equals("text") && !output.equals("json")) {
      throw new UserError("-o must be text or json, got '" + output + "'");
    }
    try (Backends b = Backends.forCommand(config.loadConnected())) {
      List<ImportError> errors = b.importErrors.list();
      if (output.equals("json")) {
        System.out.println(
            Json.write(
                new ImportErrorList(
                    errors.stream().map(ImportErrorJson::of).toList(), errors.size())));
        return;
      }
      if (errors.isEmpty()) {
        System.out.println("No import errors: every DAG file loaded.");
        return;
      }
      for (ImportError error : errors) {
        System.out.println(
            error.filename()
                + " (import error "
                + error.id()
                + ", recorded "
                + error.recordedAt()
                + (error.codeVersion() == null ? "" : ", version " + error.codeVersion())
                + ")");
        error.message().lines().forEach(line -> System.out.println("  " + line));
      }
    }
  }

  /**
   * The section that ends {@code dags list}, so that a jar that did not load cannot go unnoticed:
   * nothing when every file loaded.
   */
  static void printSection(ImportErrorStore store, PrintStream out) {
    List<ImportError> errors = store.list();
    if (errors.isEmpty()) {
      return;
    }
    out.println();
    out.println(
        "Import errors ("
            + errors.size()
            + "): these DAG files did not load, so their DAGs are missing above or keep an older"
            + " version. Fix them and copy them into the DAGs folder again; 'updraft dags"
            + " list-import-errors' shows when each was recorded.");
    for (ImportError error : errors) {
      error.message().lines().forEach(line -> out.println("  " + line));
    }
  }
}
