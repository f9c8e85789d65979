package io.updraft.core.run;

import io.updraft.core.state.RunState;
import java.time.Instant;
import java.util.Map;

/** One run of a DAG, for one data interval. */
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
    Instant endDate) {

  public DagRun {
    conf = conf == null ? Map.of() : conf;
  }
}
