package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.run.ImportError;
import io.updraft.core.run.ImportErrorStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/importErrors}: the DAG files that did not load, in Airflow's shape. The text is
 * the scheduler's message (what is wrong and what to do), not a Java stack trace, whatever the
 * field's name says.
 */
final class ImportErrorsHandler {
  record ImportErrorJson(
      long importErrorId, String filename, String stackTrace, Instant timestamp) {
    static ImportErrorJson of(ImportError e) {
      return new ImportErrorJson(e.id(), e.filename(), e.message(), e.recordedAt());
    }
  }

  record ImportErrorList(List<ImportErrorJson> importErrors, int totalEntries) {}

  private final ImportErrorStore importErrors;

  ImportErrorsHandler(ImportErrorStore importErrors) {
    this.importErrors = importErrors;
  }

  void list(Context ctx) {
    int limit = Paging.limit(ctx);
    int offset = Paging.offset(ctx);
    List<ImportErrorJson> all = importErrors.list().stream().map(ImportErrorJson::of).toList();
    ctx.json(
        new ImportErrorList(
            all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size())),
            all.size()));
  }

  void get(Context ctx) {
    String text = ctx.pathParam("import_error_id");
    ImportError error =
        id(text)
            .flatMap(importErrors::find)
            .orElseThrow(
                () ->
                    ApiProblem.notFound(
                        "No import error has id '"
                            + text
                            + "': the file may have loaded since, or left the DAGs folder. GET"
                            + " /api/v1/importErrors lists the current ones."));
    ctx.json(ImportErrorJson.of(error));
  }

  private static Optional<Long> id(String text) {
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
