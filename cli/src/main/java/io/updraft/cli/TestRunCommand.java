package io.updraft.cli;

import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.connection.Connection;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSnapshot;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.input.UntrustedJson;
import io.updraft.core.run.LogicalDates;
import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsBackends;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.TaskState;
import io.updraft.worker.DagTestResult;
import io.updraft.worker.DagTestRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code dags test} and {@code tasks test} share: the DAG loaded from the DAGs folder (or the
 * class path) as the scheduler loads it, the configured secrets chain, a {@link DagTestRunner}
 * logging to the terminal, and the summary table. Nothing is queued and nothing is written: the
 * database is opened only when the secrets chain reads the metastore.
 */
final class TestRunCommand {
  /**
   * Runs a test run of the DAG: the whole DAG when {@code taskId} is null. Returns the exit code.
   */
  static int run(
      ConfigOption option, String dagId, String taskId, String logicalDate, String conf) {
    Map<String, Object> parsedConf = UntrustedJson.parseObject(conf, "--conf");
    UpdraftConfig config = option.load();
    Clock clock = Clock.systemUTC();
    try (ProcessDags dags =
            ProcessDags.open(
                config.dags(), ProcessDags.configuredFolder(config.dags()), Set::of, clock);
        SecretsAccess access = withDatabase(config) ? SecretsAccess.open(option, false) : null) {
      SecretsChain secrets = chain(access, config);
      try (Hooks hooks =
          Hooks.load(
              ConnectionLookup.secrets(secrets, Requester.component("dags test")),
              Thread.currentThread().getContextClassLoader())) {
        return run(dags, secrets, hooks, clock, config, dagId, taskId, logicalDate, parsedConf);
      }
    }
  }

  private static int run(
      ProcessDags dags,
      SecretsChain secrets,
      Hooks hooks,
      Clock clock,
      UpdraftConfig config,
      String dagId,
      String taskId,
      String logicalDate,
      Map<String, Object> parsedConf) {
    Dag dag = find(dags.source().current(), dagId);
    Instant date =
        logicalDate == null
            ? null
            : LogicalDates.check(
                CliDates.parse(logicalDate, dag.timezone(), "LOGICAL_DATE"),
                "LOGICAL_DATE '" + logicalDate + "'");
    DagTestRunner runner =
        new DagTestRunner(secrets, hooks, System.out, clock)
            .withXComMaxBytes(config.worker().xcomMaxBytes());
    DagTestResult result;
    if (taskId == null) {
      result = runner.runDag(dag, date, parsedConf);
    } else {
      if (dag.task(taskId).isEmpty()) {
        throw new UserError(
            "DAG '"
                + dagId
                + "' has no task '"
                + taskId
                + "'; its tasks are "
                + dag.tasks().stream().map(t -> t.id()).toList());
      }
      result = runner.runTask(dag, taskId, date, parsedConf);
    }
    printSummary(result);
    return result.succeeded() ? 0 : 1;
  }

  /** A database is there to read secrets from: configured, or a standalone's. */
  private static boolean withDatabase(UpdraftConfig config) {
    return config.database().isConfigured() || StandaloneInfo.read().isPresent();
  }

  /**
   * The configured chain; without a database, the chain without the metastore, so that a DAG can be
   * tested on a laptop with its connections in the environment or in files.
   */
  private static SecretsChain chain(SecretsAccess access, UpdraftConfig config) {
    if (access != null) {
      return access.chain;
    }
    try {
      List<SecretsBackend> backends =
          new SecretsBackends(config.secrets())
              .create(System.getenv(), NO_METASTORE).stream()
                  .filter(b -> b != NO_METASTORE)
                  .toList();
      return new SecretsChain(
          backends, Duration.ZERO, Clock.systemUTC(), SecretsAudit.log(), new SecretMasker());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** Stands in for the metastore in the chain of a test run without a database, then is dropped. */
  private static final SecretsBackend NO_METASTORE =
      new SecretsBackend() {
        @Override
        public String name() {
          return "metastore";
        }

        @Override
        public Optional<Connection> connection(String connId) {
          return Optional.empty();
        }

        @Override
        public Optional<String> variable(String key) {
          return Optional.empty();
        }
      };

  private static Dag find(DagSnapshot snapshot, String dagId) {
    return snapshot
        .get(dagId)
        .orElseThrow(
            () ->
                snapshot.errors().stream()
                    .filter(e -> dagId.equals(e.dagId()))
                    .findFirst()
                    .map(e -> new UserError("DAG '" + dagId + "' could not be loaded: " + e))
                    .orElseGet(
                        () ->
                            new UserError(
                                "No DAG '"
                                    + dagId
                                    + "' in the DAGs folder or on the class path; known DAGs: "
                                    + snapshot.dags().stream().map(Dag::id).sorted().toList()
                                    + ". Check the id, and dags.folder (UPDRAFT_DAGS__FOLDER).")));
  }

  private static void printSummary(DagTestResult result) {
    System.out.println();
    Table table = new Table("TASK", "STATE", "TRIES", "DURATION");
    for (DagTestResult.TaskResult task : result.tasks()) {
      table.row(
          task.taskId(),
          task.state().name().toLowerCase(Locale.ROOT),
          Integer.toString(task.tries()),
          task.duration().toMillis() + " ms");
    }
    table.print(System.out);
    long failed =
        result.tasks().stream()
            .filter(t -> t.state() != TaskState.SUCCESS && t.state() != TaskState.SKIPPED)
            .count();
    System.out.println(
        result.succeeded()
            ? "Test run of " + result.dagId() + " succeeded"
            : "Test run of " + result.dagId() + " failed: " + failed + " task(s) did not succeed");
  }

  private TestRunCommand() {}
}
