package io.updraft.cli;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.queue.RedisClients;
import io.updraft.queue.RedisQueueStats;
import io.updraft.worker.Worker;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * The one metrics registry of a process (scheduler, worker, API, or all three in standalone) and
 * what reports into it: the JVM, the database pool, the domain recorder, the secrets chain, the
 * queues and the workers. Its {@link #scrape()} is what {@code /metrics} serves.
 */
final class ProcessMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MetricsRecorder recorder = new MicrometerMetricsRecorder(registry);
  private final SecretsAudit secrets = new SecretsMetrics(registry);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private boolean watchingQueues;

  ProcessMetrics() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  MetricsRecorder recorder() {
    return recorder;
  }

  /** Counts every read of the secrets chain, by backend and by cache hit or miss. */
  SecretsAudit secretsAudit() {
    return secrets;
  }

  /** Reports the HikariCP pool (hikaricp_connections_active, _idle, _pending, ...). */
  void watchPool(DataSource dataSource) {
    try {
      dataSource
          .unwrap(HikariDataSource.class)
          .setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    } catch (SQLException e) {
      throw new IllegalStateException("The metastore pool is not a HikariCP pool", e);
    }
  }

  /**
   * Reports the depth of every queue of the namespace, {@code expected} ones from the start; once
   * per process, however many schedulers it runs.
   */
  synchronized void watchQueues(
      String redisUrl, String namespace, Clock clock, Collection<String> expected) {
    if (watchingQueues) {
      return;
    }
    watchingQueues = true;
    RedisQueueStats stats =
        new RedisQueueStats(RedisClients.create(redisUrl, "updraft-metrics"), namespace);
    opened.add(stats);
    new QueueGauges(stats, registry, clock, expected);
  }

  /** Reports the worker's running tasks and free slots. */
  void watchWorker(Worker worker) {
    Gauge.builder("updraft.worker.running.tasks", worker, Worker::running)
        .description("Tasks the worker runs right now")
        .tag("worker", worker.name())
        .register(registry);
    Gauge.builder("updraft.worker.free.slots", worker, Worker::freeSlots)
        .description("Tasks the worker could take on top of those it runs")
        .tag("worker", worker.name())
        .register(registry);
    Gauge.builder("updraft.worker.held.outcomes", worker, Worker::heldOutcomes)
        .description("Finished tasks whose outcome waits for the database to be recorded")
        .tag("worker", worker.name())
        .register(registry);
  }

  /** Every meter in the Prometheus text format (version 0.0.4). */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public synchronized void close() {
    for (AutoCloseable resource : opened.reversed()) {
      try {
        resource.close();
      } catch (Exception e) {
        // Closing on the way out: nothing useful left to do with the error.
      }
    }
    gc.close();
    registry.close();
  }
}
