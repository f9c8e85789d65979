package io.updraft.scheduler;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.Hook;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.RunTaskContext;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.task.CallbackResources;
import io.updraft.core.task.TaskLog;
import io.updraft.core.template.TemplateRenderer;
import io.updraft.core.template.TemplateVariables;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context of a try the scheduler ended itself (a zombie), for the task callback it then calls:
 * the try's identity, run, templates, upstream return values, connections and hooks, and {@link
 * #endedByScheduler()}. The try is over, so it cannot push XCom; its callback's lines go to the
 * scheduler's log.
 */
final class SchedulerTaskContext extends RunTaskContext {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerTaskContext.class);
  private static final TemplateRenderer RENDERER = new TemplateRenderer();

  private final TaskInstance ti;
  private final int tryNumber;
  private final String reason;
  private final RunStore runs;
  private final CallbackResources resources;

  SchedulerTaskContext(
      DagRun run,
      TaskInstance ti,
      int tryNumber,
      String reason,
      RunStore runs,
      CallbackResources resources) {
    super(run);
    this.ti = ti;
    this.tryNumber = tryNumber;
    this.reason = reason;
    this.runs = runs;
    this.resources = resources;
  }

  @Override
  public String taskId() {
    return ti.taskId();
  }

  @Override
  public int tryNumber() {
    return tryNumber;
  }

  @Override
  public int mapIndex() {
    return ti.mapIndex();
  }

  @Override
  public Optional<String> endedByScheduler() {
    return Optional.of(reason);
  }

  @Override
  public <T> Optional<T> xcomPull(String upstreamTaskId, Class<T> type) {
    return runs.returnValue(run.id(), upstreamTaskId).map(json -> Json.read(json, type));
  }

  @Override
  public <T> Optional<T> xcomPull(String upstreamTaskId, String key, Class<T> type) {
    throw new UnsupportedOperationException(
        "The callback of task '"
            + taskId()
            + "' runs on the scheduler, which reads only return values: pull '"
            + upstreamTaskId
            + "' without a key, or push what the callback needs as the return value");
  }

  @Override
  public void xcomPush(String key, Object value) {
    throw new UnsupportedOperationException(
        "Try "
            + tryNumber
            + " of task '"
            + taskId()
            + "' is over (ended by the scheduler), so its callback cannot push XCom '"
            + key
            + "'");
  }

  @Override
  public String render(String template) {
    return RENDERER.render(template, TemplateVariables.of(this));
  }

  @Override
  public TaskLog log() {
    return line ->
        LOG.info(
            "[{}.{} of run {} try {} callback] {}", dagId(), taskId(), runId(), tryNumber, line);
  }

  @Override
  public Connection connection(String connId) {
    return resources.connection(connId);
  }

  @Override
  public <H extends Hook> H hook(String connId, Class<H> type) {
    return resources.hook(connId, type);
  }
}
