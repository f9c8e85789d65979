package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.updraft.core.config.DagsConfig;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Your own DAG project", as a user follows it: {@code updraft init}, an offline Maven
 * build of the project (its own unit test included) against this build's artifacts, then its jar
 * copied into the DAGs folder of a running scheduler and worker, listed, unpaused and triggered to
 * success with the command line.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class DagProjectEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String DAG_ID = "sales_dags_hello";

  @TempDir Path work;

  @Test
  void a_generated_project_builds_offline_passes_its_test_and_its_dag_runs_once_deployed()
      throws Exception {
    Path project = work.resolve("sales-dags");
    assertThat(CliRun.of("init", project.toString()).exitCode()).isZero();

    Path repository = ReactorRepository.install(work.resolve("m2"));
    int built = new OfflineMaven(repository).run("dag-project-mvn", project, "-q", "package");

    assertThat(built)
        .as("mvn package of the generated project; see %s", StandaloneJvm.log("dag-project-mvn"))
        .isZero();
    assertThat(
            project.resolve("target/surefire-reports/TEST-com.example.salesdags.HelloDagTest.xml"))
        .content()
        .contains("tests=\"1\"", "failures=\"0\"", "errors=\"0\"", "skipped=\"0\"");
    Path jar = project.resolve("target/sales-dags.jar");
    try (JarFile contents = new JarFile(jar.toFile())) {
      List<String> names =
          Collections.list(contents.entries()).stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .contains(
              "META-INF/services/io.updraft.core.dag.DagProvider",
              "com/example/salesdags/HelloDag.class")
          .as("Updraft's own classes are provided, not packed")
          .noneMatch(n -> n.startsWith("io/updraft/"));
    }

    CliRun validate = CliRun.of("dags", "validate", jar.toString());
    assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();

    deployAndRun(jar);
  }

  /** Copies the jar into the DAGs folder of a running scheduler and worker, as the README says. */
  private void deployAndRun(Path jar) throws Exception {
    Path folder = Files.createDirectories(work.resolve("dags"));
    var db = PostgresExtension.database();
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()))
            .withDags(new DagsConfig(folder.toString(), 1, null));
    Path configFile =
        TestConfigs.write(
            work, TestConfigs.databaseAndRedis() + "dags:\n  folder: " + folder + "\n");
    String cfg = configFile.toString();

    try (Backends backends = Backends.open(config, true);
        ProcessDags schedulerDags = Processes.dags(backends, null);
        ProcessDags workerDags = Processes.dags(backends, null)) {
      SchedulerService scheduler = Processes.scheduler(backends, schedulerDags.source());
      Worker worker =
          Processes.worker(backends, workerDags.source(), "project-worker", List.of("default"), 2);
      scheduler.start();
      worker.start();
      try {
        Path part = Files.copy(jar, folder.resolve("sales-dags.jar.part"));
        Files.move(part, folder.resolve("sales-dags.jar"));
        await().atMost(WAIT).until(() -> backends.dags.find(DAG_ID).isPresent());

        CliRun list = CliRun.of("dags", "list", "--config", cfg);
        assertThat(list.out()).contains(DAG_ID);
        assertThat(CliRun.of("dags", "unpause", DAG_ID, "--config", cfg).exitCode()).isZero();
        CliRun trigger =
            CliRun.of("dags", "trigger", DAG_ID, "--wait", "--timeout", "60", "--config", cfg);

        assertThat(trigger.exitCode()).as(trigger.out() + trigger.err()).isZero();
        DagRun run = backends.runs.listRuns(DAG_ID, 1).getFirst();
        assertThat(run.state()).isEqualTo(RunState.SUCCESS);
        assertThat(backends.runs.taskInstances(run.id()))
            .extracting(TaskInstance::taskId, TaskInstance::state)
            .containsExactlyInAnyOrder(
                tuple("greet", TaskState.SUCCESS), tuple("print", TaskState.SUCCESS));
      } finally {
        worker.close();
        scheduler.close();
      }
    }
  }
}
