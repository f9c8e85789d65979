package io.updraft.core.dag;

import io.updraft.core.connection.Connection;
import io.updraft.core.deadline.DeadlineMiss;
import io.updraft.core.hook.Hook;
import io.updraft.core.task.CallbackContext;
import io.updraft.core.task.TaskLog;
import io.updraft.core.template.TemplateRenderer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an {@code onDeadlineMiss} callback or notifier is told: the run's context (its fields,
 * connections and hooks, in the run's state when the miss was seen) with the miss added to its
 * templates and notice fields: {@code task_id} (null for the run's own deadline), {@code deadline},
 * {@code detected_at} and {@code missed} ("task load of run r1 of etl").
 */
public final class DeadlineMissContext implements CallbackContext {
  private static final TemplateRenderer RENDERER = new TemplateRenderer();

  private final DeadlineMiss miss;
  private final RunCallbackContext run;

  public DeadlineMissContext(DeadlineMiss miss, RunCallbackContext run) {
    this.miss = miss;
    this.run = run;
  }

  public DeadlineMiss miss() {
    return miss;
  }

  @Override
  public String dagId() {
    return run.dagId();
  }

  @Override
  public String runId() {
    return run.runId();
  }

  @Override
  public Instant logicalDate() {
    return run.logicalDate();
  }

  @Override
  public Map<String, Object> conf() {
    return run.conf();
  }

  /** The run's template values and the miss's, printed as data, never read as a template again. */
  @Override
  public String render(String template) {
    Map<String, Object> vars = run.templateValues();
    vars.putAll(missFields());
    return RENDERER.render(template, vars);
  }

  @Override
  public TaskLog log() {
    return run.log();
  }

  /**
   * {@code dag_id}, {@code run_id}, {@code logical_date}, {@code task_id}, {@code deadline}, {@code
   * detected_at}, {@code missed}.
   */
  @Override
  public Map<String, Object> noticeFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("dag_id", run.dagId());
    fields.put("run_id", run.runId());
    fields.put("logical_date", run.logicalDate().toString());
    fields.putAll(missFields());
    return fields;
  }

  @Override
  public Connection connection(String connId) {
    return run.connection(connId);
  }

  @Override
  public <H extends Hook> H hook(String connId, Class<H> type) {
    return run.hook(connId, type);
  }

  private Map<String, Object> missFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("task_id", miss.taskId());
    fields.put("deadline", miss.deadline().toString());
    fields.put("detected_at", miss.detectedAt().toString());
    fields.put("missed", miss.describe());
    return fields;
  }

  @Override
  public String toString() {
    return "DeadlineMissContext[" + miss.describe() + "]";
  }
}
