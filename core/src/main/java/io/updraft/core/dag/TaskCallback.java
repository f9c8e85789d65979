package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;

/**
 * Code run when a task instance reaches a point of its life (Airflow's {@code on_success_callback}
 * and kin), with the try's context: its run, task, try number, templates, connections and hooks.
 * What it logs goes to the try's log. A callback that throws is logged and changes nothing: the
 * task's outcome is recorded before the callback runs.
 *
 * <pre>{@code
 * Task.java("load", ctx -> load())
 *     .onFailure(ctx -> ctx.log().info("load failed in run " + ctx.runId()))
 * }</pre>
 */
@FunctionalInterface
public interface TaskCallback {
  void call(TaskContext context) throws Exception;
}
