package io.updraft.core.run;

import io.updraft.core.state.RunState;
import java.time.Instant;
import java.util.Map;

/**
 * One run of a DAG, for one data interval.
 *
 * @param dagVersion the version hash of the structure the run was created from
 * @param codeVersion the SHA-256 of the DAG jar the run was created from, or null when its DAG came
 *     from the class path: its tasks run with that jar's code to the end
 */
public record DagRun(
    long id,
    String dagId,
    String runId,
    RunType runType,
    RunState state,
    Instant logicalDate,
    Instant dataIntervalStart,
    Instant dataIntervalEnd,
    Map<String, Object> conf,
    String dagVersion,
    Instant queuedAt,
    Instant startDate,
    Instant endDate,
    String codeVersion) {

  public DagRun {
    conf = conf == null ? Map.of() : conf;
  }

  public DagRun(
      long id,
      String dagId,
      String runId,
      RunType runType,
      RunState state,
      Instant logicalDate,
      Instant dataIntervalStart,
      Instant dataIntervalEnd,
      Map<String, Object> conf,
      String dagVersion,
      Instant queuedAt,
      Instant startDate,
      Instant endDate) {
    this(
        id,
        dagId,
        runId,
        runType,
        state,
        logicalDate,
        dataIntervalStart,
        dataIntervalEnd,
        conf,
        dagVersion,
        queuedAt,
        startDate,
        endDate,
        null);
  }

  /** This run as it is once started at {@code at}, its start date kept if it had one. */
  public DagRun started(Instant at) {
    return new DagRun(
        id,
        dagId,
        runId,
        runType,
        RunState.RUNNING,
        logicalDate,
        dataIntervalStart,
        dataIntervalEnd,
        conf,
        dagVersion,
        queuedAt,
        startDate == null ? at : startDate,
        endDate,
        codeVersion);
  }

  /**
   * This run as it is once ended in {@code to} at {@code at}; a run that ends in the commit that
   * starts it (no task at all) started then too.
   */
  public DagRun ended(RunState to, Instant at) {
    return new DagRun(
        id,
        dagId,
        runId,
        runType,
        to,
        logicalDate,
        dataIntervalStart,
        dataIntervalEnd,
        conf,
        dagVersion,
        queuedAt,
        startDate == null ? at : startDate,
        at,
        codeVersion);
  }
}
