package io.updraft.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.RunType;
import io.updraft.core.state.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The processes' domain metrics as Micrometer meters. Timers publish fixed buckets rather than
 * Micrometer's percentile histogram: a few buckets per DAG keep the series count in check.
 */
final class MicrometerMetricsRecorder implements MetricsRecorder {
  private static final Duration[] TASK_BUCKETS =
      seconds(0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800, 3600, 3 * 3600);
  private static final Duration[] LATENCY_BUCKETS =
      seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> unstoppable = new ConcurrentHashMap<>();

  MicrometerMetricsRecorder(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void taskFinished(String dagId, TaskState state, Duration ranFor) {
    Counter.builder("updraft.task.instances.finished")
        .description(
            "Task instances that reached a state: terminal, up_for_retry or up_for_reschedule")
        .tag("dag_id", dagId)
        .tag("state", state.wireName())
        .register(registry)
        .increment();
    if (ranFor != null) {
      Timer.builder("updraft.task.duration")
          .description("How long task operators ran, by the state they ended in")
          .tag("dag_id", dagId)
          .tag("state", state.wireName())
          .serviceLevelObjectives(TASK_BUCKETS)
          .register(registry)
          .record(ranFor);
    }
  }

  @Override
  public void taskStarted(String queue, Instant queuedAt, Instant startedAt) {
    if (queuedAt == null) {
      return;
    }
    Timer.builder("updraft.task.queued.to.running")
        .description("Scheduling latency: from a task being queued to a worker taking it")
        .tag("queue", queue)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record(nonNegative(Duration.between(queuedAt, startedAt)));
  }

  @Override
  public void taskQueued(String queue, Duration afterReady) {
    Timer.builder("updraft.task.ready.to.queued")
        .description(
            "Scheduling latency: from the last upstream task ending to a task being queued")
        .tag("queue", queue)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record(nonNegative(afterReady));
  }

  @Override
  public void dagRunCreated(String dagId, RunType runType) {
    // Not "created": Prometheus keeps a "_created" suffix for the creation time of a series.
    Counter.builder("updraft.dag.runs")
        .description("DAG runs created, by the schedule (scheduled) or a user (manual, backfill)")
        .tag("dag_id", dagId)
        .tag("run_type", runType.wireName())
        .register(registry)
        .increment();
  }

  @Override
  public void taskThreadUnstoppable(String dagId) {
    unstoppableThreads(dagId).incrementAndGet();
  }

  @Override
  public void unstoppableTaskThreadEnded(String dagId) {
    unstoppableThreads(dagId).decrementAndGet();
  }

  private AtomicInteger unstoppableThreads(String dagId) {
    return unstoppable.computeIfAbsent(
        dagId,
        id -> {
          AtomicInteger count = new AtomicInteger();
          Gauge.builder("updraft.task.threads.unstoppable", count, AtomicInteger::get)
              .description(
                  "Task threads still running after their execution timeout: their tries are"
                      + " recorded and their slots free, but their code ignores interrupts")
              .tag("dag_id", id)
              .strongReference(true)
              .register(registry);
          return count;
        });
  }

  /** Clocks of two machines may disagree by a little: a negative wait counts as none. */
  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static Duration[] seconds(double... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Duration.ofNanos((long) (values[i] * 1_000_000_000L));
    }
    return out;
  }
}
