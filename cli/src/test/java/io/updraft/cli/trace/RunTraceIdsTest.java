package io.updraft.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.state.RunState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunTraceIdsTest {
  private static final Instant AT = Instant.parse("2026-03-01T00:00:00Z");

  private static DagRun run(long id, String runId, RunState state) {
    return new DagRun(
        id,
        "sales",
        runId,
        RunType.MANUAL,
        state,
        AT,
        AT,
        AT,
        Map.of("table", "orders"),
        "v1",
        AT,
        state == RunState.RUNNING ? AT : null,
        null);
  }

  @Test
  void a_run_read_by_a_worker_and_the_same_run_ended_elsewhere_share_their_ids() {
    RunTraceIds seenByWorker = RunTraceIds.of(run(42, "manual__1", RunState.RUNNING));
    RunTraceIds seenAtEnd =
        RunTraceIds.of(run(42, "manual__1", RunState.QUEUED).ended(RunState.FAILED, AT));

    assertThat(seenAtEnd).isEqualTo(seenByWorker);
    assertThat(TraceId.isValid(seenByWorker.traceId())).isTrue();
    assertThat(SpanId.isValid(seenByWorker.runSpanId())).isTrue();
    assertThat(seenByWorker.runSpanAsParent().isRemote()).isTrue();
    assertThat(seenByWorker.runSpanAsParent().isSampled()).isTrue();
  }

  @Test
  void other_runs_get_other_traces() {
    RunTraceIds one = RunTraceIds.of(run(42, "manual__1", RunState.RUNNING));

    assertThat(RunTraceIds.of(run(43, "manual__1", RunState.RUNNING)).traceId())
        .isNotEqualTo(one.traceId());
    assertThat(RunTraceIds.of(run(42, "manual__2", RunState.RUNNING)).traceId())
        .isNotEqualTo(one.traceId());
  }
}
