package io.updraft.core.template;

import io.updraft.core.task.TaskContext;

/** {@code ti} in templates: {@code {{ ti.xcom_pull('extract') }}}, as in Airflow. */
public final class TemplateTaskInstance {
  private final TaskContext context;

  TemplateTaskInstance(TaskContext context) {
    this.context = context;
  }

  /**
   * Airflow's spelling, so templates carry over unchanged. A missing value (the task was skipped or
   * pushed nothing) renders {@code None}, as in Airflow, rather than failing the render.
   */
  @SuppressWarnings("checkstyle:MethodName")
  public Object xcom_pull(String taskId) {
    return TemplateNone.orNone(context.xcomPull(taskId).orElse(null));
  }

  /** {@code ti.xcom_pull('extract', 'row_count')}: a value pushed under a key. */
  @SuppressWarnings("checkstyle:MethodName")
  public Object xcom_pull(String taskId, String key) {
    return TemplateNone.orNone(context.xcomPull(taskId, key, Object.class).orElse(null));
  }

  public String getTask_id() {
    return context.taskId();
  }

  public int getTry_number() {
    return context.tryNumber();
  }
}
