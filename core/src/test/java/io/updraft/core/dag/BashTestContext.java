package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;
import io.updraft.core.task.TaskLog;
import io.updraft.core.template.TemplateRenderer;
import io.updraft.core.template.TemplateVariables;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A run's values for a Bash task run outside a worker: templates are rendered by the real renderer,
 * log lines are kept in {@link #lines}.
 */
record BashTestContext(
    String runId, Map<String, Object> conf, Map<String, Object> xcoms, List<String> lines)
    implements TaskContext {
  private static final TemplateRenderer RENDERER = new TemplateRenderer();

  BashTestContext(String runId, Map<String, Object> conf, Map<String, Object> xcoms) {
    this(runId, conf, xcoms, new CopyOnWriteArrayList<>());
  }

  @Override
  public String dagId() {
    return "bash_safety";
  }

  @Override
  public String taskId() {
    return "shell";
  }

  @Override
  public int tryNumber() {
    return 1;
  }

  @Override
  public Instant logicalDate() {
    return Instant.parse("2026-03-04T00:00:00Z");
  }

  @Override
  public Instant dataIntervalStart() {
    return logicalDate();
  }

  @Override
  public Instant dataIntervalEnd() {
    return logicalDate().plusSeconds(86400);
  }

  @Override
  public Optional<Object> xcomPull(String taskId) {
    return Optional.ofNullable(xcoms.get(taskId));
  }

  @Override
  public <T> Optional<T> xcomPull(String taskId, Class<T> type) {
    return xcomPull(taskId).map(type::cast);
  }

  @Override
  public <T> Optional<T> xcomPull(String taskId, String key, Class<T> type) {
    return Optional.empty();
  }

  @Override
  public void xcomPush(String key, Object value) {}

  @Override
  public String render(String template) {
    return RENDERER.render(template, TemplateVariables.of(this));
  }

  @Override
  public TaskLog log() {
    return lines::add;
  }
}
