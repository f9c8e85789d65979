package io.updraft.worker;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.metrics.MetricsRecorder;
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
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A worker in a JVM of its own, running {@link IsolatedDags} against the test's PostgreSQL and
 * Redis namespace, so that a test can kill it as an operator or the kernel would: {@link #start}
 * from a test, {@link #main} in the child.
 */
final class WorkerJvm {
  private static final String PASSWORD_ENV = "WORKER_JVM_DATABASE_PASSWORD";

  private WorkerJvm() {}

  /**
   * Starts the worker JVM. {@code marker} is added to its class path, which its isolated tries'
   * JVMs inherit, so their command lines can be told from every other process's.
   */
  static Process start(String name, Path marker, Path output) throws IOException {
    var db = PostgresExtension.database();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(marker + File.pathSeparator + System.getProperty("java.class.path"));
    command.add(WorkerJvm.class.getName());
    command.addAll(
        List.of(name, db.jdbcUrl(), db.user(), RedisExtension.url(), RedisExtension.namespace()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    if (db.password() != null) {
      builder.environment().put(PASSWORD_ENV, db.password());
    }
    return builder.start();
  }

  public static void main(String[] args) throws Exception {
    String name = args[0];
    Clock clock = Clock.systemUTC();
    Database database =
        Database.connect(new DatabaseConfig(args[1], args[2], System.getenv(PASSWORD_ENV), 4));
    Worker worker =
        Worker.create(
            WorkerSettings.builder(name)
                .hostname("test-host")
                .queues(List.of("default"))
                .slots(2)
                .heartbeatInterval(Duration.ofMillis(200))
                .shutdownGrace(Duration.ofSeconds(1))
                .xcomMaxBytes(48 * 1024)
                .build(),
            DagSource.of(DagBag.of(new IsolatedDags().dags().toArray(Dag[]::new))),
            new PostgresRunStore(database, clock),
            new PostgresDagStore(database),
            new PostgresXComStore(database),
            new PostgresTaskLogStore(database),
            new PostgresRenderedFieldsStore(database),
            new PostgresWorkerStore(database),
            new RedisTaskQueue(RedisClients.create(args[3]), args[4], Duration.ofMinutes(5)),
            new RedisRunEvents(RedisClients.create(args[3]), args[4]),
            clock,
            new SecretsChain(
                List.of(), Duration.ZERO, clock, SecretsAudit.none(), new SecretMasker()),
            Hooks.load(ConnectionLookup.of(Map.of()), WorkerJvm.class.getClassLoader()),
            MetricsRecorder.NONE);
    worker.start();
    System.out.println("Worker " + name + " started");
    Thread.sleep(Duration.ofMinutes(10));
  }
}
