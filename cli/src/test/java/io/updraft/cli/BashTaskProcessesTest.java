package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.config.ConfigLoader;
import io.updraft.core.dag.Dag;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.ProcessTable;
import io.updraft.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bash tasks run by a worker in a JVM of its own, as in production: they see none of the worker's
 * secrets, hostile run ids and conf stay data, and their processes die with the worker.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class BashTaskProcessesTest {
  /** A worker's secrets, as an operator would set them; none may reach a Bash task. */
  private static final Map<String, String> WORKER_SECRETS =
      Map.of(
          "UPDRAFT_SECRETS__FERNET_KEY", fernetKey(),
          "UPDRAFT_CONN_WAREHOUSE", "postgres://etl:warehouse-pw@db.example.com:5432/dw",
          "UPDRAFT_VAR_API_KEY", "var-secret-value",
          "AWS_SECRET_ACCESS_KEY", "aws-secret-value",
          "VAULT_TOKEN", "s.vault-token-value");

  private static final Map<String, String> FAST =
      Map.of(
          "UPDRAFT_WORKER__HEARTBEAT_INTERVAL_MS", "200",
          "UPDRAFT_SCHEDULER__SWEEP_INTERVAL_MS", "200");

  @TempDir Path dir;
  private Backends backends;
  private ChildProcesses children;
  private SchedulerService scheduler;

  @BeforeEach
  void open() throws Exception {
    Map<String, String> childEnv = new HashMap<>(FAST);
    childEnv.putAll(WORKER_SECRETS);
    children = new ChildProcesses(childEnv);
    var db = PostgresExtension.database();
    Map<String, String> env = new HashMap<>(FAST);
    env.put("UPDRAFT_DATABASE__URL", db.jdbcUrl());
    env.put("UPDRAFT_DATABASE__USER", db.user());
    env.put("UPDRAFT_REDIS__URL", RedisExtension.url());
    env.put("UPDRAFT_REDIS__NAMESPACE", RedisExtension.namespace());
    backends = Backends.open(ConfigLoader.load(null, env), true);
    scheduler = Processes.scheduler(backends, BashTaskDags.bag());
    scheduler.start();
  }

  @AfterEach
  void close() {
    children.close();
    scheduler.close();
    backends.close();
  }

  @Test
  void a_bash_tasks_processes_die_within_seconds_when_its_worker_jvm_is_killed() {
    Process worker = children.start(BashTaskWorkerMain.class, "bash-doomed", "bash-doomed");
    DagRun run = trigger(BashTaskDags.SLEEPER, "manual__sleeper", Map.of("dir", dir.toString()));
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> pid("leader") > 0 && pid("orphan") > 0 && pid("child") > 0);
    long group = pid("leader");
    assertThat(ProcessTable.liveMembersOfGroup(group)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(task(run, "sleeper").state()).isEqualTo(TaskState.RUNNING);

    ChildProcesses.kill9(worker);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessTable.liveMembersOfGroup(group).isEmpty());
    assertThat(List.of(pid("leader"), pid("orphan"), pid("child")))
        .noneMatch(ProcessTable::isAlive);
  }

  @Test
  void a_bash_task_sees_none_of_the_secrets_in_its_workers_environment() {
    children.start(BashTaskWorkerMain.class, "bash-env", "bash-env");

    DagRun run = trigger(BashTaskDags.ENV, "manual__env", Map.of());

    assertThat(awaitEnd(run)).isEqualTo(RunState.SUCCESS);
    String log = log(run, "dump");
    assertThat(log).contains("PATH=", "UPDRAFT_CTX_RUN_ID=manual__env");
    for (String name : WORKER_SECRETS.keySet()) {
      assertThat(log).doesNotContain(name);
    }
    assertThat(log)
        .doesNotContain("UPDRAFT_DATABASE__", "UPDRAFT_REDIS__", "UPDRAFT_WORKER__")
        .doesNotContain("warehouse-pw", "var-secret-value", "aws-secret-value", "vault-token");
  }

  @Test
  void example_hello_echoes_hostile_run_ids_verbatim_and_never_runs_them() {
    children.start(BashTaskWorkerMain.class, "bash-hello", "bash-hello");
    Path quoted = Path.of("/tmp/pwned-" + UUID.randomUUID());
    Path substituted = Path.of("/tmp/pwned-" + UUID.randomUUID());
    String quoteBreaking = "x'; touch " + quoted + "; echo '";
    String substituting = "$(touch " + substituted + ")";
    Dag hello = BashTaskDags.exampleHello();

    DagRun first = trigger(hello, quoteBreaking, Map.of("who", substituting));
    DagRun second = trigger(hello, substituting, Map.of("who", quoteBreaking));

    assertThat(awaitEnd(first)).isEqualTo(RunState.SUCCESS);
    assertThat(awaitEnd(second)).isEqualTo(RunState.SUCCESS);
    assertThat(log(first, "echo")).contains("run " + quoteBreaking + " on ");
    assertThat(log(second, "echo")).contains("run " + substituting + " on ");
    assertThat(quoted).doesNotExist();
    assertThat(substituted).doesNotExist();
  }

  private DagRun trigger(Dag dag, String runId, Map<String, Object> conf) {
    // Each run its own logical date: manual runs of one DAG are unique by date.
    Instant at = backends.clock.instant().truncatedTo(ChronoUnit.MICROS);
    backends.dags.save(dag.structure(), at);
    DagRun run =
        backends
            .runs
            .createRun(
                new NewDagRun(dag.id(), runId, RunType.MANUAL, at, at, at, conf), dag.structure())
            .orElseThrow();
    backends.events().publish(run.id());
    return run;
  }

  private RunState awaitEnd(DagRun run) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> backends.runs.findRun(run.id()).orElseThrow().state().isTerminal());
    return backends.runs.findRun(run.id()).orElseThrow().state();
  }

  private TaskInstance task(DagRun run, String taskId) {
    return backends.runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  private String log(DagRun run, String taskId) {
    return String.join("\n", backends.logs.read(task(run, taskId).id(), 1));
  }

  /** The pid the sleeper task wrote as {@code NAME.pid}; 0 while it is not written yet. */
  private long pid(String name) {
    try {
      String text = Files.readString(dir.resolve(name + ".pid")).strip();
      return text.isEmpty() ? 0 : Long.parseLong(text);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static String fernetKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getUrlEncoder().encodeToString(key);
  }
}
