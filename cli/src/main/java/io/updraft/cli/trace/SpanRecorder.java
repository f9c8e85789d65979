package io.updraft.cli.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.updraft.core.metrics.EndedTry;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The domain's reports as spans, besides passing each on to the metrics: a span per DAG run, made
 * when the run has ended (its start and end dates known), and a span per try, child of its run's
 * span. Spans only end here: the batch processor exports them on its own thread. Attributes are
 * ids, numbers and states, never a conf, a rendered template or a connection's data.
 */
final class SpanRecorder implements MetricsRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(SpanRecorder.class);
  static final AttributeKey<String> DAG_ID = AttributeKey.stringKey("updraft.dag_id");
  static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("updraft.run_id");
  static final AttributeKey<String> RUN_TYPE = AttributeKey.stringKey("updraft.run_type");
  static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("updraft.task_id");
  static final AttributeKey<Long> MAP_INDEX = AttributeKey.longKey("updraft.map_index");
  static final AttributeKey<Long> TRY_NUMBER = AttributeKey.longKey("updraft.try_number");
  static final AttributeKey<String> WORKER = AttributeKey.stringKey("updraft.worker");
  static final AttributeKey<String> STATE = AttributeKey.stringKey("updraft.state");

  private final MetricsRecorder metrics;
  private final Tracer tracer;
  private final RunSpanIdGenerator ids;

  SpanRecorder(MetricsRecorder metrics, Tracer tracer, RunSpanIdGenerator ids) {
    this.metrics = metrics;
    this.tracer = tracer;
    this.ids = ids;
  }

  @Override
  public void dagRunEnded(DagRun ended) {
    metrics.dagRunEnded(ended);
    try {
      Span span =
          ids.with(
              RunTraceIds.of(ended),
              () ->
                  tracer
                      .spanBuilder(ended.dagId())
                      .setNoParent()
                      .setSpanKind(SpanKind.INTERNAL)
                      .setStartTimestamp(ended.startDate())
                      .setAttribute(DAG_ID, ended.dagId())
                      .setAttribute(RUN_ID, ended.runId())
                      .setAttribute(RUN_TYPE, ended.runType().wireName())
                      .setAttribute(STATE, ended.state().wireName())
                      .startSpan());
      if (ended.state() == RunState.FAILED) {
        span.setStatus(StatusCode.ERROR, "run failed");
      }
      span.end(ended.endDate());
    } catch (RuntimeException e) {
      // A trace is worth less than the run: never fail the commit's caller over it.
      LOG.warn(
          "Cannot make the span of run {} of {}: {}", ended.runId(), ended.dagId(), e.toString());
    }
  }

  @Override
  public void tryEnded(EndedTry ended) {
    metrics.tryEnded(ended);
    try {
      Context parent =
          Context.root().with(Span.wrap(RunTraceIds.of(ended.run()).runSpanAsParent()));
      Span span =
          tracer
              .spanBuilder(ended.ti().taskId())
              .setParent(parent)
              .setSpanKind(SpanKind.INTERNAL)
              .setStartTimestamp(ended.start())
              .setAttribute(DAG_ID, ended.run().dagId())
              .setAttribute(RUN_ID, ended.run().runId())
              .setAttribute(TASK_ID, ended.ti().taskId())
              .setAttribute(MAP_INDEX, (long) ended.ti().mapIndex())
              .setAttribute(TRY_NUMBER, (long) ended.tryNumber())
              .setAttribute(WORKER, ended.worker())
              .setAttribute(STATE, ended.state().wireName())
              .startSpan();
      if (ended.state() == TaskState.FAILED || ended.state() == TaskState.UP_FOR_RETRY) {
        // The error's message stays out: it may quote a secret the task log masks.
        span.setStatus(StatusCode.ERROR, "try " + ended.state().wireName());
      }
      span.end(ended.end());
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot make the span of try {} of {}: {}",
          ended.tryNumber(),
          ended.ti().taskId(),
          e.toString());
    }
  }

  // The metrics this recorder passes on unchanged.

  @Override
  public void taskFinished(String dagId, TaskState state, Duration ranFor) {
    metrics.taskFinished(dagId, state, ranFor);
  }

  @Override
  public void taskStarted(String queue, Instant queuedAt, Instant startedAt) {
    metrics.taskStarted(queue, queuedAt, startedAt);
  }

  @Override
  public void taskQueued(String queue, Duration afterReady) {
    metrics.taskQueued(queue, afterReady);
  }

  @Override
  public void dagRunCreated(String dagId, RunType runType) {
    metrics.dagRunCreated(dagId, runType);
  }

  @Override
  public void taskThreadUnstoppable(String dagId) {
    metrics.taskThreadUnstoppable(dagId);
  }

  @Override
  public void unstoppableTaskThreadEnded(String dagId) {
    metrics.unstoppableTaskThreadEnded(dagId);
  }
}
