package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.api.ApiServer;
import io.updraft.core.auth.Role;
import io.updraft.core.config.DagsConfig;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.DagLoadError;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.ImportError;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.XComStore;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.DagJarBuilder;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.worker.Worker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DAG jars deployed into a running scheduler and worker (each scanning the DAGs folder on its own,
 * as separate processes do), on real PostgreSQL and Redis and jars compiled here.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class DagsFolderEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path work;
  @TempDir Path folder;
  private DagJarBuilder jars;
  private Backends backends;
  private ProcessDags schedulerDags;
  private ProcessDags workerDags;
  private SchedulerService scheduler;
  private Worker worker;

  @BeforeEach
  void start() throws Exception {
    DeployGate.close();
    jars = new DagJarBuilder(work);
    var db = PostgresExtension.database();
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()))
            .withDags(new DagsConfig(folder.toString(), 1, false));
    backends = Backends.open(config, true);
    schedulerDags = Processes.dags(backends, null);
    scheduler = Processes.scheduler(backends, schedulerDags.source());
    scheduler.start();
    workerDags = Processes.dags(backends, null);
    worker =
        Processes.worker(backends, workerDags.source(), "deploy-worker", List.of("default"), 4);
    worker.start();
  }

  @AfterEach
  void stop() {
    DeployGate.open();
    worker.close();
    scheduler.close();
    workerDags.close();
    schedulerDags.close();
    backends.close();
  }

  /** Version {@code v} of the DAG: "work" returns v (v1 waits on the gate), "report" v-report. */
  private byte[] deployJar(String v) {
    String work =
        v.equals("v1")
            ? "ctx -> { io.updraft.cli.DeployGate.await(); return \"v1\"; }"
            : "ctx -> \"" + v + "\"";
    return jars.bytes(
        "Deploy",
        "List.of(Dag.builder(\"hot_deploy\")"
            + ".task(Task.java(\"work\", "
            + work
            + "))"
            + ".task(Task.java(\"report\", ctx -> \""
            + v
            + "-report\").after(\"work\"))"
            + ".build())");
  }

  /** How users should deploy: copy under another name, then rename into place. */
  private void deploy(String name, byte[] jar) throws Exception {
    Path incoming = Files.write(work.resolve(name + ".part"), jar);
    Files.move(incoming, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private StoredDag awaitRegistered(String codeVersion) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                backends
                    .dags
                    .find("hot_deploy")
                    .map(d -> d.active() && codeVersion.equals(d.codeVersion()))
                    .orElse(false));
    return backends.dags.find("hot_deploy").orElseThrow();
  }

  private DagRun trigger(StoredDag dag) {
    DagRun run =
        backends
            .runs
            .createRun(
                NewDagRun.manual(dag.dagId(), backends.clock.instant(), Map.of()), dag.structure())
            .orElseThrow();
    backends.events().publish(run.id());
    return run;
  }

  private DagRun awaitEnd(DagRun run) {
    await()
        .atMost(WAIT)
        .until(() -> backends.runs.findRun(run.id()).orElseThrow().state().isTerminal());
    return backends.runs.findRun(run.id()).orElseThrow();
  }

  private Optional<String> xcom(DagRun run, String taskId) {
    return backends.xcoms.get(run.id(), taskId, XComStore.RETURN_VALUE);
  }

  private TaskState state(DagRun run, String taskId) {
    return backends.runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .map(TaskInstance::state)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void a_jar_replaced_while_a_run_of_it_runs_serves_new_runs_and_the_running_one_keeps_its_code()
      throws Exception {
    byte[] v1 = deployJar("v1");
    byte[] v2 = deployJar("v2");
    deploy("deploy.jar", v1);
    StoredDag registeredV1 = awaitRegistered(sha256(v1));
    DagRun first = trigger(registeredV1);
    assertThat(first.codeVersion()).isEqualTo(sha256(v1));
    await().atMost(WAIT).until(() -> state(first, "work") == TaskState.RUNNING);

    // Overwritten in place, the worst case for a class loader that still reads the old jar.
    Files.write(folder.resolve("deploy.jar"), v2);
    StoredDag registeredV2 = awaitRegistered(sha256(v2));
    DagRun second = trigger(registeredV2);

    assertThat(awaitEnd(second).state()).isEqualTo(RunState.SUCCESS);
    assertThat(xcom(second, "work")).hasValueSatisfying(v -> assertThat(v).contains("v2"));
    assertThat(xcom(second, "report")).hasValueSatisfying(v -> assertThat(v).contains("v2-report"));
    assertThat(state(first, "work")).isEqualTo(TaskState.RUNNING);

    DeployGate.open();

    assertThat(awaitEnd(first).state()).isEqualTo(RunState.SUCCESS);
    assertThat(xcom(first, "work")).hasValueSatisfying(v -> assertThat(v).contains("v1"));
    assertThat(xcom(first, "report"))
        .as("a task that started after v2 was deployed still runs v1's code")
        .hasValueSatisfying(v -> assertThat(v).contains("v1-report"));
  }

  @Test
  void a_broken_jar_is_reported_without_touching_other_dags_and_a_removed_jar_deactivates_its_dag()
      throws Exception {
    DeployGate.open();
    byte[] v1 = deployJar("v1");
    deploy("deploy.jar", v1);
    awaitRegistered(sha256(v1));

    deploy("broken.jar", "PK not really a jar".getBytes(StandardCharsets.UTF_8));
    await()
        .atMost(WAIT)
        .until(
            () ->
                schedulerDags.source().current().errors().stream()
                    .map(DagLoadError::toString)
                    .anyMatch(e -> e.startsWith("broken.jar: ")));
    assertThat(schedulerDags.source().current().get("hot_deploy")).isPresent();
    StoredDag stillThere = backends.dags.find("hot_deploy").orElseThrow();
    assertThat(stillThere.active()).isTrue();
    DagRun run = trigger(stillThere);
    assertThat(awaitEnd(run).state()).isEqualTo(RunState.SUCCESS);

    Files.delete(folder.resolve("deploy.jar"));

    await().atMost(WAIT).until(() -> !backends.dags.find("hot_deploy").orElseThrow().active());
    assertThat(backends.runs.findRun(run.id()))
        .as("a deactivated DAG keeps its runs")
        .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo(RunState.SUCCESS));
    assertThatThrownBy(
            () -> DagsCommand.requireActive(backends.dags.find("hot_deploy").orElseThrow()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("is no longer in the DAGs folder");
  }

  @Test
  void a_jar_that_does_not_load_shows_in_the_api_and_the_cli_until_it_is_fixed_or_removed()
      throws Exception {
    DeployGate.open();
    String cycle =
        "List.of(Dag.builder(\"loopy\").task(Task.bash(\"x\", \"true\").after(\"y\"))"
            + ".task(Task.bash(\"y\", \"true\").after(\"x\")).build())";
    byte[] loopy = jars.bytes("Loopy", cycle);
    deploy("loopy.jar", loopy);
    deploy("broken.jar", "PK not really a jar".getBytes(StandardCharsets.UTF_8));
    await().atMost(WAIT).until(() -> importErrorFiles().equals(List.of("broken.jar", "loopy.jar")));

    UsersCommand.create(backends, "viewer", Role.VIEWER, "viewer-password");
    try (ApiServer api = Processes.api(backends).start("127.0.0.1", 0)) {
      JsonNode listed = Json.MAPPER.readTree(get(api, "/api/v1/importErrors"));
      // The test class path's broken DAGs (BrokenTestDags) are one more, after the jars.
      assertThat(listed.get("total_entries").asInt()).isEqualTo(3);
      assertThat(listed.get("import_errors").get(2).get("stack_trace").asText())
          .startsWith("the class path: io.updraft.cli.BrokenTestDags (DAG 'broken_cycle')");
      JsonNode error = listed.get("import_errors").get(1);
      assertThat(error.get("filename").asText()).isEqualTo("loopy.jar");
      assertThat(error.get("stack_trace").asText())
          .contains("loopy.jar: version " + sha256(loopy).substring(0, 12) + " is not deployed")
          .contains("copy the jar again")
          .contains("loopy.jar: acme.Loopy (DAG 'loopy')")
          .contains("cycle: x -> y -> x");
      assertThat(
              Json.MAPPER
                  .readTree(get(api, "/api/v1/importErrors/" + error.get("import_error_id")))
                  .get("filename")
                  .asText())
          .isEqualTo("loopy.jar");

      Path config = cliConfig();
      CliRun list = CliRun.of("dags", "list", "--config", config.toString());
      assertThat(list.exitCode()).isZero();
      assertThat(list.out())
          .contains("Import errors (3)")
          .contains("  broken.jar: not a readable jar")
          .contains("  loopy.jar: acme.Loopy (DAG 'loopy')");
      CliRun details = CliRun.of("dags", "list-import-errors", "--config", config.toString());
      assertThat(details.exitCode()).isZero();
      assertThat(details.out())
          .contains("loopy.jar (import error " + error.get("import_error_id").asLong())
          .contains(", version " + sha256(loopy) + ")")
          .contains("cycle: x -> y -> x");
      CliRun json =
          CliRun.of("dags", "list-import-errors", "-o", "json", "--config", config.toString());
      assertThat(Json.MAPPER.readTree(json.commandOut()).get("total_entries").asInt()).isEqualTo(3);

      // Fixed: the same file loads; removed: the other file leaves the folder.
      deploy(
          "loopy.jar",
          jars.bytes(
              "Loopy", "List.of(Dag.builder(\"loopy\").task(Task.bash(\"x\", \"true\")).build())"));
      Files.delete(folder.resolve("broken.jar"));
      await().atMost(WAIT).until(() -> importErrorFiles().isEmpty());
      await().atMost(WAIT).until(() -> backends.dags.find("loopy").isPresent());

      assertThat(Json.MAPPER.readTree(get(api, "/api/v1/importErrors")).get("import_errors"))
          .extracting(e -> e.get("filename").asText())
          .containsExactly("the class path");
      assertThat(CliRun.of("dags", "list", "--config", config.toString()).out())
          .contains("loopy", "Import errors (1)")
          .doesNotContain("loopy.jar", "broken.jar");
      assertThat(CliRun.of("dags", "list-import-errors", "--config", config.toString()).out())
          .doesNotContain("loopy.jar", "broken.jar");
    }
  }

  /** The DAG jars with an import error, by name. */
  private List<String> importErrorFiles() {
    return backends.importErrors.list().stream()
        .map(ImportError::filename)
        .filter(name -> name.endsWith(".jar"))
        .toList();
  }

  private static String get(ApiServer api, String path) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString("viewer:viewer-password".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                    .header("Authorization", "Basic " + basic)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  /** A config file for the command line, on the same database. */
  private Path cliConfig() throws Exception {
    return TestConfigs.write(work, TestConfigs.database());
  }

  @Test
  void a_task_whose_run_was_made_from_a_version_the_worker_never_had_fails_saying_so()
      throws Exception {
    DeployGate.open();
    byte[] v1 = deployJar("v1");
    deploy("deploy.jar", v1);
    StoredDag registered = awaitRegistered(sha256(v1));
    // As if another scheduler had registered a jar this worker never saw (replaced since).
    String gone = sha256("a jar that was replaced".getBytes(StandardCharsets.UTF_8));
    backends.dags.save(registered.structure(), gone, backends.clock.instant());

    DagRun run = trigger(registered);

    assertThat(run.codeVersion()).isEqualTo(gone);
    assertThat(awaitEnd(run).state()).isEqualTo(RunState.FAILED);
    TaskInstance work =
        backends.runs.taskInstances(run.id()).stream()
            .filter(ti -> ti.taskId().equals("work"))
            .findFirst()
            .orElseThrow();
    assertThat(String.join("\n", backends.logs.read(work.id(), 1)))
        .contains("DAG 'hot_deploy': its run was created from version " + gone.substring(0, 12))
        .contains("which this process does not have")
        .contains("version " + sha256(v1).substring(0, 12) + " in deploy.jar")
        .contains("trigger a new run to use the current version");
  }
}
