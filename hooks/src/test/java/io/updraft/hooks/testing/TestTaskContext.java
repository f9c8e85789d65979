package io.updraft.hooks.testing;

import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.task.TaskContext;
import io.updraft.core.task.TaskLog;
import io.updraft.core.template.TemplateRenderer;
import io.updraft.core.template.TemplateVariables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A task's context for operator tests: real templates and real hooks, a log kept in memory. */
public final class TestTaskContext implements TaskContext, AutoCloseable {
  private static final TemplateRenderer RENDERER = new TemplateRenderer();

  private final Instant logicalDate;
  private final HookScope hooks;
  public final List<String> logLines = new CopyOnWriteArrayList<>();
  private Clock clock = Clock.systemUTC();
  private Instant tryStartDate;
  private final Map<String, Object> conf;

  public TestTaskContext(Hooks hooks, Instant logicalDate) {
    this(hooks, logicalDate, Map.of());
  }

  /** A context whose run was triggered with {@code conf}: what an op's trigger body can hold. */
  public TestTaskContext(Hooks hooks, Instant logicalDate, Map<String, Object> conf) {
    this.logicalDate = logicalDate;
    this.hooks = hooks.scope("task test_dag.test_task");
    this.conf = Map.copyOf(conf);
  }

  @Override
  public String dagId() {
    return "test_dag";
  }

  @Override
  public String runId() {
    return "manual__" + logicalDate;
  }

  @Override
  public String taskId() {
    return "test_task";
  }

  @Override
  public int tryNumber() {
    return 1;
  }

  @Override
  public Instant logicalDate() {
    return logicalDate;
  }

  @Override
  public Instant dataIntervalStart() {
    return logicalDate;
  }

  @Override
  public Instant dataIntervalEnd() {
    return logicalDate.plus(Duration.ofDays(1));
  }

  @Override
  public Map<String, Object> conf() {
    return conf;
  }

  @Override
  public Optional<Object> xcomPull(String taskId) {
    return Optional.empty();
  }

  @Override
  public <T> Optional<T> xcomPull(String taskId, Class<T> type) {
    return Optional.empty();
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
    return logLines::add;
  }

  @Override
  public <H extends Hook> H hook(String connId, Class<H> type) {
    return hooks.open(connId, type);
  }

  @Override
  public <H extends Hook> H firstHealthyHook(Class<H> type, List<String> connIds) {
    return hooks.openFirstHealthy(type, connIds);
  }

  /** Runs the task at a fixed time, in a try that first started at {@code tryStart}. */
  public TestTaskContext at(Clock fixedClock, Instant tryStart) {
    this.clock = fixedClock;
    this.tryStartDate = tryStart;
    return this;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Instant tryStartDate() {
    return tryStartDate == null ? clock.instant() : tryStartDate;
  }

  public int hooksOpened() {
    return hooks.openedCount();
  }

  @Override
  public void close() {
    hooks.close();
  }
}
