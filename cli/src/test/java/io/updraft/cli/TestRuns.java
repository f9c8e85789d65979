package io.updraft.cli;

import static org.awaitility.Awaitility.await;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The runs of a test's in-process Updraft, as the tests drive them: trigger one the way the API
 * does (stored, then announced), wait for its end, read its task instances.
 */
record TestRuns(Backends backends) {
  /** Long enough for a slow machine; a passing test never waits it out. */
  static final Duration WAIT = Duration.ofSeconds(90);

  /** The backends of the test's own PostgreSQL database and Redis namespace. */
  static Backends openBackends() {
    var db = PostgresExtension.database();
    return Backends.open(
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace())),
        true);
  }

  DagRun trigger(Dag dag) {
    return trigger(dag, backends.clock.instant());
  }

  DagRun trigger(Dag dag, Instant logicalDate) {
    return trigger(dag.id(), dag.structure(), logicalDate);
  }

  DagRun trigger(String dagId, DagStructure structure, Instant logicalDate) {
    DagRun run =
        backends
            .runs
            .createRun(NewDagRun.manual(dagId, logicalDate, Map.of()), structure)
            .orElseThrow();
    backends.events().publish(run.id());
    return run;
  }

  DagRun awaitEnd(DagRun run) {
    await()
        .atMost(WAIT)
        .until(() -> backends.runs.findRun(run.id()).orElseThrow().state().isTerminal());
    return backends.runs.findRun(run.id()).orElseThrow();
  }

  TaskInstance task(DagRun run, String taskId) {
    return backends.runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  Map<String, TaskState> states(DagRun run) {
    return backends.runs.taskInstances(run.id()).stream()
        .collect(Collectors.toMap(TaskInstance::taskId, TaskInstance::state));
  }
}
