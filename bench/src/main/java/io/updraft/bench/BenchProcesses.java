package io.updraft.bench;

import io.updraft.core.config.SchedulerConfig;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.ImportErrorStore;
import io.updraft.core.run.RenderedFieldsStore;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.scheduler.SchedulerService;
import io.updraft.scheduler.SchedulerSettings;
import io.updraft.worker.Worker;
import io.updraft.worker.WorkerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The scheduler and the worker a benchmark runs on its stores, composed alike wherever it runs
 * them: no metrics, no rendered fields, and no connections, since the benchmark's no-op tasks use
 * none.
 */
final class BenchProcesses {
  private BenchProcesses() {}

  /** A scheduler of {@code bag}, not started. */
  static SchedulerService scheduler(BenchBackends b, DagBag bag, SchedulerConfig config)
      throws Exception {
    return new SchedulerService(
        SchedulerSettings.builder(config).build(),
        DagSource.of(bag),
        b.dags,
        ImportErrorStore.none(),
        b.runs,
        b.queue,
        b.events,
        b.database.dataSource(),
        b.clock,
        MetricsRecorder.NONE);
  }

  /** A worker of {@code bag} on the default queue, not started. */
  static Worker worker(BenchBackends b, DagBag bag, String name, int slots) {
    return Worker.create(
        WorkerSettings.builder(name)
            .hostname("localhost")
            .queues(List.of("default"))
            .slots(slots)
            .heartbeatInterval(Duration.ofSeconds(5))
            .shutdownGrace(Duration.ofSeconds(5))
            .xcomMaxBytes(48 * 1024)
            .build(),
        DagSource.of(bag),
        b.runs,
        b.dags,
        b.xcoms,
        b.logs,
        RenderedFieldsStore.none(),
        b.workers,
        b.queue,
        b.events,
        b.clock,
        new SecretsChain(
            List.of(), Duration.ZERO, b.clock, SecretsAudit.none(), new SecretMasker()),
        Hooks.load(ConnectionLookup.of(Map.of()), BenchProcesses.class.getClassLoader()),
        MetricsRecorder.NONE);
  }
}
