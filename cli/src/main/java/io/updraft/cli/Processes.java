package io.updraft.cli;

import io.updraft.api.ApiServer;
import io.updraft.api.ApiServices;
import io.updraft.api.HealthProbe;
import io.updraft.core.auth.Passwords;
import io.updraft.core.auth.UserAccounts;
import io.updraft.core.config.RemoteLogsConfig;
import io.updraft.core.config.WorkerConfig;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.ConnectionNotFoundException;
import io.updraft.core.hook.Hooks;
import io.updraft.core.run.TaskLogShipper;
import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.hooks.aws.S3LogStorage;
import io.updraft.scheduler.SchedulerService;
import io.updraft.scheduler.SchedulerSettings;
import io.updraft.sql.PostgresAssetStore;
import io.updraft.sql.PostgresCallbackRequests;
import io.updraft.sql.PostgresEventLog;
import io.updraft.sql.PostgresPoolStore;
import io.updraft.sql.PostgresRunAdmin;
import io.updraft.sql.PostgresRunBrowser;
import io.updraft.sql.PostgresSecretsBackend;
import io.updraft.sql.PostgresShippedLogs;
import io.updraft.sql.PostgresWorkerDirectory;
import io.updraft.worker.Worker;
import io.updraft.worker.WorkerSettings;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.quartz.SchedulerException;

/** The composition of each long-running process from the shared backends. */
final class Processes {
  private Processes() {}

  static DagBag loadDags() {
    return DagBag.load(Thread.currentThread().getContextClassLoader());
  }

  /**
   * The DAGs of a scheduler or worker: the class path's and, with {@code dags.folder} (else {@code
   * defaultFolder}, which may be null), those of the folder's jars, picked up while it runs.
   */
  static ProcessDags dags(Backends b, Path defaultFolder) {
    Path folder = ProcessDags.configuredFolder(b.config.dags());
    return ProcessDags.open(
        b.config.dags(),
        folder != null ? folder : defaultFolder,
        b.runs::codeVersionsOfActiveRuns,
        b.clock);
  }

  /**
   * A scheduler of DAGs given in code (a benchmark's, a test's), which start unpaused: whoever
   * passes them means to run them. DAGs from the class path and the DAGs folder follow {@code
   * dags.paused_on_creation}.
   */
  static SchedulerService scheduler(Backends b, DagBag dagBag) throws SchedulerException {
    return scheduler(b, DagSource.of(dagBag), false);
  }

  static SchedulerService scheduler(Backends b, DagSource dagSource) throws SchedulerException {
    return scheduler(b, dagSource, b.config.dags().pausedOnCreation());
  }

  private static SchedulerService scheduler(
      Backends b, DagSource dagSource, boolean pausedOnCreation) throws SchedulerException {
    b.requireRedis();
    // Callbacks the scheduler calls (a run's, a zombie's onFailure) reach connections as a
    // worker's tasks do: through the same secrets chain and hook factories.
    // The required connections are the workers' check: a scheduler whose callbacks need none
    // starts without them.
    SecretsChain secrets =
        SecretsAccess.processChain(b.config, b.database, b.clock, b.metrics().secretsAudit());
    Requester requester = Requester.component("scheduler");
    b.metrics()
        .watchQueues(
            b.config.redis().url(), b.config.redis().namespace(), b.clock, queues(b, dagSource));
    Hooks hooks =
        Hooks.load(
            ConnectionLookup.secrets(secrets, requester),
            Thread.currentThread().getContextClassLoader());
    SchedulerService scheduler =
        new SchedulerService(
                SchedulerSettings.builder(b.config.scheduler())
                    .pausedOnCreation(pausedOnCreation)
                    .maxMapLength(b.config.dags().maxMapLength())
                    .build(),
                dagSource,
                b.dags,
                b.importErrors,
                b.runs,
                b.queue(),
                b.events(),
                b.database.dataSource(),
                b.clock,
                b.recorder())
            .creatingAssetTriggeredRuns(new PostgresAssetStore(b.database))
            .callingCallbacksFrom(
                new PostgresCallbackRequests(b.database.dataSource()), secrets, hooks);
    RemoteLogsConfig remote = b.config.logs().remote();
    if (remote.isOn()) {
      // The logs of tries no worker shipped (reaped zombies), once a live worker would have.
      PostgresShippedLogs shipped = new PostgresShippedLogs(b.database);
      scheduler.shippingEndedTryLogs(
          shipped,
          new TaskLogShipper(
              b.logs, shipped, new S3LogStorage(hooks, remote.connectionId(), remote.base())),
          Duration.ofSeconds(b.config.scheduler().zombieAfterSeconds()));
    }
    return scheduler;
  }

  /** The queues whose depth is reported from the start: the workers' and the DAGs' tasks'. */
  private static Set<String> queues(Backends b, DagSource dagSource) {
    Set<String> queues = new TreeSet<>(b.config.worker().queues());
    dagSource
        .current()
        .dags()
        .forEach(d -> d.structure().tasks().forEach(t -> queues.add(t.queue())));
    return queues;
  }

  /**
   * A worker whose tasks find connections through the secrets chain, for their context and for the
   * hooks they open.
   */
  static Worker worker(Backends b, DagBag dagBag, String name, List<String> queues, int slots) {
    return worker(b, DagSource.of(dagBag), name, queues, slots);
  }

  static Worker worker(
      Backends b, DagSource dagSource, String name, List<String> queues, int slots) {
    SecretsChain secrets = processSecrets(b, "worker " + name);
    Requester requester = Requester.component("worker " + name);
    Hooks hooks =
        Hooks.load(
            ConnectionLookup.secrets(secrets, requester),
            Thread.currentThread().getContextClassLoader());
    return worker(b, dagSource, name, queues, slots, secrets, hooks);
  }

  /** A worker whose tasks open hooks through {@code hooks} (tests give their own connections). */
  static Worker worker(
      Backends b, DagBag dagBag, String name, List<String> queues, int slots, Hooks hooks) {
    return worker(
        b, DagSource.of(dagBag), name, queues, slots, processSecrets(b, "worker " + name), hooks);
  }

  /** A worker whose tasks find connections through {@code secrets} and {@code hooks}. */
  static Worker worker(
      Backends b,
      DagSource dagSource,
      String name,
      List<String> queues,
      int slots,
      SecretsChain secrets,
      Hooks hooks) {
    b.requireRedis();
    WorkerConfig c = b.config.worker();
    WorkerSettings settings =
        WorkerSettings.builder(name)
            .hostname(hostname())
            .queues(queues)
            .slots(slots)
            .heartbeatInterval(Duration.ofMillis(c.heartbeatIntervalMs()))
            .shutdownGrace(Duration.ofSeconds(c.shutdownGraceSeconds()))
            .xcomMaxBytes(c.xcomMaxBytes())
            .lease(Duration.ofSeconds(c.leaseSeconds()))
            .heldOutcomesMax(c.heldOutcomesMax())
            .heldLogBytesMax(c.heldLogBytesMax())
            .logMaxBytesPerTry(b.config.logs().maxBytesPerTry())
            .maxMapLength(b.config.dags().maxMapLength())
            .isolateJavaTasks(c.isolateJavaTasks())
            .build();
    Worker.checkLease(settings, Duration.ofSeconds(b.config.scheduler().zombieAfterSeconds()));
    Worker worker =
        Worker.create(
            settings,
            dagSource,
            b.runs,
            b.dags,
            b.xcoms,
            b.logs,
            b.renderedFields,
            b.workers,
            b.queue(),
            b.events(),
            b.clock,
            secrets,
            hooks,
            b.recorder());
    RemoteLogsConfig remote = b.config.logs().remote();
    if (remote.isOn()) {
      // The worker's own hooks: the log connection is found as its tasks' connections are.
      worker.shippingLogs(
          new TaskLogShipper(
              b.logs,
              new PostgresShippedLogs(b.database),
              new S3LogStorage(hooks, remote.connectionId(), remote.base())));
    }
    b.metrics().watchWorker(worker);
    return worker;
  }

  /** A worker's ({@code process}) secrets chain, after checking the required connections. */
  private static SecretsChain processSecrets(Backends b, String process) {
    SecretsChain chain =
        SecretsAccess.processChain(b.config, b.database, b.clock, b.metrics().secretsAudit());
    List<String> problems =
        RequiredConnections.check(
            chain, b.config.secrets().requiredConnections(), Requester.component(process));
    if (!problems.isEmpty()) {
      throw new UserError(
          "Required connections (secrets.required_connections) do not resolve: "
              + String.join("; ", problems));
    }
    return chain;
  }

  static ApiServer api(Backends b) {
    PostgresSecretsBackend metastore = SecretsAccess.metastore(b.database, b.config.secrets());
    HealthProbe probe =
        new HealthProbe(
            b.health::databaseUp,
            () -> b.queue() != null && b.queue().ping(),
            b.health::lastSchedulerCheckin,
            b.clock);
    return new ApiServer(
        new ApiServices(
            b.dags,
            b.importErrors,
            b.runs,
            new PostgresRunBrowser(b.database),
            new PostgresRunAdmin(b.database),
            b.logReader(),
            b.renderedFields,
            new PostgresPoolStore(b.database),
            new PostgresWorkerDirectory(b.database),
            new UserAccounts(b.users, Passwords.standard(), b.clock),
            probe,
            runId -> {
              if (b.events() != null) {
                b.events().publish(runId);
              }
            },
            run -> b.metrics().recorder().dagRunCreated(run.dagId(), run.runType()),
            b.clock,
            metastore,
            Hooks.load(
                connId ->
                    metastore
                        .connection(connId)
                        .orElseThrow(
                            () -> new ConnectionNotFoundException(connId, "the metastore")),
                Thread.currentThread().getContextClassLoader()),
            b.metrics()::scrape,
            b.config.api().connectionTest(),
            new PostgresAssetStore(b.database),
            new PostgresEventLog(b.database),
            b.queue()));
  }

  /**
   * The /metrics and /health endpoints of a scheduler, on scheduler.metrics_port; null when that is
   * 0.
   */
  static ProcessEndpoints schedulerEndpoints(Backends b, SchedulerService scheduler) {
    int port = b.config.scheduler().metricsPort();
    return port == 0
        ? null
        : ProcessEndpoints.start(
            "0.0.0.0",
            port,
            "scheduler.metrics_port",
            b.metrics()::scrape,
            schedulerHealth(b, scheduler)::check);
  }

  static ProcessHealth schedulerHealth(Backends b, SchedulerService scheduler) {
    Duration sweep = Duration.ofMillis(b.config.scheduler().sweepIntervalMs());
    return health(b, "scheduler", "scheduler sweep", scheduler::lastSweep, sweep.multipliedBy(5));
  }

  /**
   * The /metrics and /health endpoints of a worker, on worker.metrics_port; null when that is 0.
   */
  static ProcessEndpoints workerEndpoints(Backends b, Worker worker) {
    int port = b.config.worker().metricsPort();
    return port == 0
        ? null
        : ProcessEndpoints.start(
            "0.0.0.0",
            port,
            "worker.metrics_port",
            b.metrics()::scrape,
            workerHealth(b, worker)::check);
  }

  static ProcessHealth workerHealth(Backends b, Worker worker) {
    Duration beat = Duration.ofMillis(b.config.worker().heartbeatIntervalMs());
    return health(
        b,
        "worker " + worker.name(),
        "worker heartbeat",
        worker::lastHeartbeat,
        beat.multipliedBy(3));
  }

  /** A loop is late after {@code limit}, and never before 30 s: a busy database may slow it. */
  private static ProcessHealth health(
      Backends b, String process, String loop, Supplier<Optional<Instant>> last, Duration limit) {
    Duration floor = Duration.ofSeconds(30);
    return new ProcessHealth(
        process,
        b.health::databaseUp,
        () -> b.queue() != null && b.queue().ping(),
        loop,
        last,
        limit.compareTo(floor) < 0 ? floor : limit,
        b.clock);
  }

  /** A worker name that is unique on a machine and tells where it runs: host-pid. */
  static String defaultWorkerName() {
    return hostname() + "-" + ManagementFactory.getRuntimeMXBean().getPid();
  }

  static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
