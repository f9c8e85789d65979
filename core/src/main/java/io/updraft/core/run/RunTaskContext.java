package io.updraft.core.run;

import io.updraft.core.task.TaskContext;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A task context of a stored run: what it says of the run (ids, dates, type, conf) is that run's
 * row, the same in a worker's try and in a callback the scheduler calls.
 */
public abstract class RunTaskContext implements TaskContext {
  protected final DagRun run;

  protected RunTaskContext(DagRun run) {
    this.run = run;
  }

  @Override
  public final String dagId() {
    return run.dagId();
  }

  @Override
  public final String runId() {
    return run.runId();
  }

  @Override
  public final Instant logicalDate() {
    return run.logicalDate();
  }

  @Override
  public final Instant dataIntervalStart() {
    return run.dataIntervalStart();
  }

  @Override
  public final Instant dataIntervalEnd() {
    return run.dataIntervalEnd();
  }

  @Override
  public final String runType() {
    return run.runType().wireName();
  }

  @Override
  public final Map<String, Object> conf() {
    return run.conf();
  }

  @Override
  public final Optional<Object> xcomPull(String upstreamTaskId) {
    return xcomPull(upstreamTaskId, Object.class);
  }
}
