package io.updraft.worker;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.plan.AdvanceRun;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.queue.RedisClients;
import io.updraft.queue.RedisRunEvents;
import io.updraft.queue.RedisTaskQueue;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresRenderedFieldsStore;
import io.updraft.sql.PostgresRunStore;
import io.updraft.sql.PostgresTaskLogStore;
import io.updraft.sql.PostgresWorkerStore;
import io.updraft.sql.PostgresXComStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real stores and queue a worker needs, and helpers to trigger runs and read their tasks. */
final class WorkerFixture implements AutoCloseable {
  final Clock clock = Clock.systemUTC();
  final Database database;
  final PostgresDagStore dags;
  final PostgresRunStore runs;
  final PostgresXComStore xcoms;
  final PostgresTaskLogStore logs;
  final PostgresRenderedFieldsStore renderedFields;
  final PostgresWorkerStore workers;
  final RedisTaskQueue queue;
  final RedisRunEvents events;
  private final List<Worker> started = new ArrayList<>();
  private final AutoCloseable planner;

  WorkerFixture() {
    var db = PostgresExtension.database();
    database = Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 8));
    database.migrate();
    dags = new PostgresDagStore(database);
    runs = new PostgresRunStore(database, clock);
    xcoms = new PostgresXComStore(database);
    logs = new PostgresTaskLogStore(database);
    renderedFields = new PostgresRenderedFieldsStore(database);
    workers = new PostgresWorkerStore(database);
    queue =
        new RedisTaskQueue(
            RedisClients.create(RedisExtension.url()),
            RedisExtension.namespace(),
            Duration.ofMinutes(5));
    events =
        new RedisRunEvents(RedisClients.create(RedisExtension.url()), RedisExtension.namespace());
    // What the scheduler does on each run event: plan the run, which closes it once all is done.
    AdvanceRun advance = new AdvanceRun(runs, queue, clock);
    planner =
        events.subscribe(
            runId ->
                runs.findRun(runId)
                    .ifPresent(
                        run ->
                            dags.find(run.dagId())
                                .ifPresent(dag -> advance.advance(run, dag.structure()))));
  }

  WorkerSettings settings(String name, int slots, Duration grace) {
    return WorkerSettings.builder(name)
        .hostname("test-host")
        .queues(List.of("default"))
        .slots(slots)
        .heartbeatInterval(Duration.ofMillis(200))
        .shutdownGrace(grace)
        .xcomMaxBytes(48 * 1024)
        .build();
  }

  Worker startWorker(WorkerSettings settings, Dag... dagList) {
    return startWorker(settings, MetricsRecorder.NONE, dagList);
  }

  Worker startWorker(WorkerSettings settings, MetricsRecorder metrics, Dag... dagList) {
    // No connections in these tests: an empty chain, real all the same.
    return startWorker(
        settings,
        metrics,
        new SecretsChain(List.of(), Duration.ZERO, clock, SecretsAudit.none(), new SecretMasker()),
        dagList);
  }

  Worker startWorker(
      WorkerSettings settings, MetricsRecorder metrics, SecretsChain secrets, Dag... dagList) {
    Worker worker =
        Worker.create(
            settings,
            DagSource.of(DagBag.of(dagList)),
            runs,
            dags,
            xcoms,
            logs,
            renderedFields,
            workers,
            queue,
            events,
            clock,
            secrets,
            Hooks.load(ConnectionLookup.of(Map.of()), getClass().getClassLoader()),
            metrics);
    worker.start();
    started.add(worker);
    return worker;
  }

  /** Creates a manual run of {@code dag} and queues its first tasks, as the scheduler would. */
  DagRun trigger(Dag dag) {
    dags.save(dag.structure(), clock.instant());
    DagRun run =
        runs.createRun(NewDagRun.manual(dag.id(), clock.instant(), Map.of()), dag.structure())
            .orElseThrow();
    new AdvanceRun(runs, queue, clock).advance(run, dag.structure());
    return run;
  }

  TaskInstance task(DagRun run, String taskId) {
    return runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  String log(DagRun run, String taskId, int tryNumber) {
    return String.join("\n", logs.read(task(run, taskId).id(), tryNumber));
  }

  @Override
  public void close() {
    started.forEach(Worker::close);
    try {
      planner.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    events.close();
    queue.close();
    database.close();
  }
}
