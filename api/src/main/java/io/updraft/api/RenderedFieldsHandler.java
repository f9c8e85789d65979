package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.run.RenderedField;
import io.updraft.core.run.RenderedFieldsStore;
import io.updraft.core.run.TaskInstance;
import java.util.List;

/**
 * {@code GET .../taskInstances/{task_id}/renderedFields?try_number=N}: the templates a try rendered
 * and their text, secrets masked when the worker stored them. Without {@code try_number}, the
 * current try.
 */
final class RenderedFieldsHandler {
  record RenderedFieldJson(String template, String rendered) {
    static RenderedFieldJson of(RenderedField f) {
      return new RenderedFieldJson(f.template(), f.rendered());
    }
  }

  record RenderedFieldsJson(
      String dagId,
      String dagRunId,
      String taskId,
      int tryNumber,
      List<RenderedFieldJson> renderedFields,
      int totalEntries) {}

  private final ApiLookup lookup;
  private final RenderedFieldsStore store;

  RenderedFieldsHandler(ApiLookup lookup, RenderedFieldsStore store) {
    this.lookup = lookup;
    this.store = store;
  }

  void get(Context ctx) {
    TaskInstance ti =
        lookup.taskInstance(
            ctx.pathParam("dag_id"),
            ctx.pathParam("dag_run_id"),
            ctx.pathParam("task_id"),
            ctx.queryParam("map_index"));
    String param = ctx.queryParam("try_number");
    int tryNumber = param == null ? Math.max(1, ti.tryNumber()) : ApiLookup.tryNumber(param, ti);
    List<RenderedFieldJson> fields =
        store.read(ti.id(), tryNumber).stream().map(RenderedFieldJson::of).toList();
    ctx.json(
        new RenderedFieldsJson(
            ti.dagId(), ti.runId(), ti.taskId(), tryNumber, fields, fields.size()));
  }
}
