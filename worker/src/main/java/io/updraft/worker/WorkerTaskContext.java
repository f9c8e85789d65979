package io.updraft.worker;

import io.updraft.core.asset.AssetEvent;
import io.updraft.core.connection.Connection;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.TaskMapping;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookScope;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.RunTaskContext;
import io.updraft.core.run.RunType;
import io.updraft.core.run.TaskReschedule;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.task.DagRuns;
import io.updraft.core.task.TaskLog;
import io.updraft.core.template.TemplateRenderer;
import io.updraft.core.template.TemplateVariables;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The context of one try, backed by the stores. */
final class WorkerTaskContext extends RunTaskContext {
  private Supplier<List<AssetEvent>> triggeringEvents;
  private final String taskId;
  private final int tryNumber;
  private final XComStore xcoms;
  private final XComWriter xcomWriter;
  private final TemplateRenderer renderer;
  private final TaskLog log;
  private final SecretsChain secrets;
  private final Requester requester;
  private HookScope hooks;
  private RenderedTemplates rendered;
  private Clock clock;
  private Supplier<Instant> tryStart;
  private int mapIndex = -1;
  private Dag dag;
  private TaskMapping mapping;
  private DagRuns dagRuns;

  WorkerTaskContext(
      DagRun run,
      String taskId,
      int tryNumber,
      XComStore xcoms,
      XComWriter xcomWriter,
      TemplateRenderer renderer,
      TaskLog log,
      SecretsChain secrets,
      String workerName) {
    super(run);
    this.taskId = taskId;
    this.tryNumber = tryNumber;
    this.xcoms = xcoms;
    this.xcomWriter = xcomWriter;
    this.renderer = renderer;
    this.log = log;
    this.secrets = secrets;
    this.requester = Requester.task("worker " + workerName, run.dagId(), taskId);
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public int tryNumber() {
    return tryNumber;
  }

  @Override
  public <T> Optional<T> xcomPull(String upstreamTaskId, Class<T> type) {
    return xcoms
        .get(run.id(), upstreamTaskId, XComStore.RETURN_VALUE)
        .map(json -> Json.read(json, type));
  }

  @Override
  public <T> Optional<T> xcomPull(String upstreamTaskId, String key, Class<T> type) {
    return xcoms.get(run.id(), upstreamTaskId, key).map(json -> Json.read(json, type));
  }

  @Override
  public void xcomPush(String key, Object value) {
    xcomWriter.put(run.id(), run.dagId(), taskId, mapIndex, key, value);
  }

  /** The DAG of the run, for what its schedule says of the next run. */
  WorkerTaskContext scheduledBy(Dag runDag) {
    this.dag = runDag;
    return this;
  }

  @Override
  public Optional<Instant> nextDataIntervalEnd() {
    if (dag == null) {
      return Optional.empty();
    }
    return dag.schedule()
        .nextAfter(run.dataIntervalEnd(), dag.timezone())
        .filter(next -> dag.endDate() == null || !next.isAfter(dag.endDate()));
  }

  /** The instance of a mapped task this try runs: {@code index} (from 0) of {@code by}'s values. */
  WorkerTaskContext mappedAs(int index, TaskMapping by) {
    this.mapIndex = index;
    this.mapping = index < 0 ? null : by;
    return this;
  }

  @Override
  public int mapIndex() {
    return mapIndex;
  }

  @Override
  public Object mapValue() {
    if (mapping == null) {
      return super.mapValue();
    }
    List<Object> values =
        mapping.valuesIn(
            taskId -> xcoms.get(run.id(), taskId, XComStore.RETURN_VALUE),
            taskId -> dag != null && dag.task(taskId).map(t -> t.mapping() != null).orElse(false));
    if (mapIndex >= values.size()) {
      throw new IllegalStateException(
          "Instance "
              + mapIndex
              + " of task '"
              + taskId
              + "' has no value: the list it was expanded over has "
              + values.size()
              + " now; clear the task that made the list and this one to expand again");
    }
    return values.get(mapIndex);
  }

  @Override
  public String render(String template) {
    String text = renderer.render(template, TemplateVariables.of(this));
    if (rendered != null) {
      rendered.add(template, text);
    }
    return text;
  }

  @Override
  public TaskLog log() {
    return log;
  }

  @Override
  public Connection connection(String connId) {
    return secrets.connection(connId, requester);
  }

  @Override
  public String variable(String key) {
    return secrets.variable(key, requester);
  }

  WorkerTaskContext recordingInto(RenderedTemplates templates) {
    this.rendered = templates;
    return this;
  }

  /**
   * The worker's clock, and the try's first start read from its reschedules only when a task asks
   * (a sensor in reschedule mode): other tasks pay no query for it.
   */
  WorkerTaskContext timedBy(Clock workerClock, RunStore runs, long taskInstanceId) {
    this.clock = workerClock;
    Instant runStart = workerClock.instant();
    this.tryStart =
        () ->
            runs.reschedules(taskInstanceId, tryNumber).stream()
                .findFirst()
                .map(TaskReschedule::startDate)
                .orElse(runStart);
    // Read only when a task asks, and only for the runs assets created.
    this.triggeringEvents =
        () ->
            run.runType() == RunType.ASSET_TRIGGERED
                ? runs.triggeringAssetEvents(run.id())
                : List.of();
    return this;
  }

  @Override
  public List<AssetEvent> triggeringAssetEvents() {
    return triggeringEvents == null ? List.of() : triggeringEvents.get();
  }

  @Override
  public Clock clock() {
    return clock == null ? super.clock() : clock;
  }

  @Override
  public Instant tryStartDate() {
    return tryStart == null ? super.tryStartDate() : tryStart.get();
  }

  /** Other DAGs' runs, for the cross-DAG operators. */
  WorkerTaskContext seeing(DagRuns otherRuns) {
    this.dagRuns = otherRuns;
    return this;
  }

  @Override
  public DagRuns dagRuns() {
    return dagRuns == null ? super.dagRuns() : dagRuns;
  }

  WorkerTaskContext withHooks(HookScope scope) {
    this.hooks = scope;
    return this;
  }

  @Override
  public <H extends Hook> H hook(String connId, Class<H> type) {
    if (hooks == null) {
      return super.hook(connId, type);
    }
    return hooks.open(connId, type);
  }

  @Override
  public <H extends Hook> H firstHealthyHook(Class<H> type, List<String> connIds) {
    if (hooks == null) {
      return super.firstHealthyHook(type, connIds);
    }
    return hooks.openFirstHealthy(type, connIds);
  }
}
