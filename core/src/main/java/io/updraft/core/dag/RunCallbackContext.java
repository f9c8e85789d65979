package io.updraft.core.dag;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.Hook;
import io.updraft.core.state.RunState;
import io.updraft.core.task.CallbackContext;
import io.updraft.core.task.CallbackResources;
import io.updraft.core.task.TaskLog;
import io.updraft.core.template.TemplateRenderer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link RunCallback} is told about the run that finished, and what it can use: templates
 * with the run's values, connections and hooks found through the scheduler's secrets chain, and the
 * scheduler's log.
 */
public final class RunCallbackContext implements CallbackContext {
  private static final Logger LOG = LoggerFactory.getLogger(RunCallbackContext.class);
  private static final TemplateRenderer RENDERER = new TemplateRenderer();
  private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final String dagId;
  private final String runId;
  private final Instant logicalDate;
  private final RunState state;
  private final Map<String, Object> conf;
  private final List<String> failedTaskIds;
  private final CallbackResources resources;

  /**
   * A run's context without connections (a test's).
   *
   * @param state the run's final state, success or failed
   * @param failedTaskIds the tasks that failed (or were failed upstream) in the run, in no order
   */
  public RunCallbackContext(
      String dagId,
      String runId,
      Instant logicalDate,
      RunState state,
      Map<String, Object> conf,
      List<String> failedTaskIds) {
    this(dagId, runId, logicalDate, state, conf, failedTaskIds, CallbackResources.NONE);
  }

  /** ...whose connections and hooks come from {@code resources}. */
  public RunCallbackContext(
      String dagId,
      String runId,
      Instant logicalDate,
      RunState state,
      Map<String, Object> conf,
      List<String> failedTaskIds,
      CallbackResources resources) {
    this.dagId = dagId;
    this.runId = runId;
    this.logicalDate = logicalDate;
    this.state = state;
    this.conf = conf == null ? Map.of() : conf;
    this.failedTaskIds = failedTaskIds == null ? List.of() : List.copyOf(failedTaskIds);
    this.resources = resources == null ? CallbackResources.NONE : resources;
  }

  @Override
  public String dagId() {
    return dagId;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public Instant logicalDate() {
    return logicalDate;
  }

  /** The run's final state, success or failed. */
  public RunState state() {
    return state;
  }

  @Override
  public Map<String, Object> conf() {
    return conf;
  }

  /** The tasks that failed (or were failed upstream) in the run, in no order. */
  public List<String> failedTaskIds() {
    return failedTaskIds;
  }

  /**
   * Renders a template with the run's values: {@code dag_id}, {@code run_id}, {@code state}, {@code
   * failed_task_ids}, {@code ds}, {@code ts}, {@code logical_date}, {@code conf}, {@code dag_run}.
   * What they hold is printed as data, never read as a template again.
   */
  @Override
  public String render(String template) {
    return RENDERER.render(template, templateValues());
  }

  /** The values {@link #render} gives a template; a deadline miss's context adds its own. */
  Map<String, Object> templateValues() {
    Map<String, Object> vars = new HashMap<>();
    vars.put("dag_id", dagId);
    vars.put("run_id", runId);
    vars.put("state", state.wireName());
    vars.put("failed_task_ids", failedTaskIds);
    vars.put("ds", DateTimeFormatter.ISO_LOCAL_DATE.format(logicalDate.atOffset(ZoneOffset.UTC)));
    vars.put("ts", TS.format(logicalDate.atOffset(ZoneOffset.UTC)));
    vars.put("logical_date", TS.format(logicalDate.atOffset(ZoneOffset.UTC)));
    vars.put("conf", conf);
    vars.put("params", conf);
    vars.put("dag_run", Map.of("run_id", runId, "conf", conf, "state", state.wireName()));
    return vars;
  }

  /** Lines go to the scheduler's log, masked as every line of it is. */
  @Override
  public TaskLog log() {
    return line -> LOG.info("[{} run {} callback] {}", dagId, runId, line);
  }

  /**
   * {@code dag_id}, {@code run_id}, {@code logical_date}, {@code state}, {@code failed_task_ids}.
   */
  @Override
  public Map<String, Object> noticeFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("dag_id", dagId);
    fields.put("run_id", runId);
    fields.put("logical_date", logicalDate.toString());
    fields.put("state", state.wireName());
    fields.put("failed_task_ids", failedTaskIds);
    return fields;
  }

  @Override
  public Connection connection(String connId) {
    return resources.connection(connId);
  }

  @Override
  public <H extends Hook> H hook(String connId, Class<H> type) {
    return resources.hook(connId, type);
  }

  @Override
  public String toString() {
    return "RunCallbackContext[" + dagId + " run " + runId + ", " + state.wireName() + "]";
  }
}
