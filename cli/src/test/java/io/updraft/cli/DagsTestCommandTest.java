package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.testing.DagJarBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code updraft dags test} and {@code tasks test} on a DAG jar in the DAGs folder, as a DAG author
 * runs them: no database (secrets from the environment only), no Redis, no worker.
 */
class DagsTestCommandTest {
  /** A branch, a task failing its first try, XCom pushed by Java and read by Bash through env. */
  private static final String SHOP =
      "List.of(Dag.builder(\"shop\")"
          + ".param(\"who\", \"world\")"
          + ".param(\"limit\", Param.required(\"integer\"))"
          + ".task(Task.java(\"extract\", ctx -> 42))"
          + ".task(Task.branch(\"choose\", ctx -> \"load\").after(\"extract\"))"
          + ".task(Task.java(\"load\", ctx -> ctx.xcomPull(\"extract\", Integer.class).orElseThrow()"
          + " + 1).after(\"choose\"))"
          + ".task(Task.java(\"report_empty\", ctx -> \"nothing\").after(\"choose\"))"
          + ".task(Task.java(\"flaky\", ctx -> { if (ctx.tryNumber() == 1) { throw new"
          + " IllegalStateException(\"the first try fails\"); } return \"ok\"; })"
          + ".retries(1).retryDelay(java.time.Duration.ofHours(1)).after(\"load\"))"
          + ".task(Task.bash(\"shell\", \"echo rows=$ROWS empty=$EMPTY who=$WHO\")"
          + ".env(\"ROWS\", \"{{ ti.xcom_pull('load') }}\")"
          + ".env(\"EMPTY\", \"{{ ti.xcom_pull('report_empty') }}\")"
          + ".env(\"WHO\", \"{{ params.who }}\").after(\"flaky\"))"
          + ".build(),"
          + " Dag.builder(\"doomed\")"
          + ".task(Task.java(\"boom\", ctx -> { throw new IllegalStateException(\"kaboom\"); }))"
          + ".task(Task.java(\"never\", ctx -> 1).after(\"boom\"))"
          + ".build())";

  @TempDir Path dir;
  private String config;

  @BeforeEach
  void deployJarAndWriteConfig() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("dags"));
    new DagJarBuilder(dir.resolve("work")).build(folder.resolve("shop.jar"), "ShopDags", SHOP);
    Path file = dir.resolve("updraft.yaml");
    Files.writeString(file, "dags:\n  folder: " + folder + "\nsecrets:\n  order: [env]\n");
    config = file.toString();
  }

  @Test
  void dags_test_runs_the_whole_dag_prints_task_logs_and_a_summary_and_exits_0() {
    CliRun run =
        CliRun.of(
            "dags",
            "test",
            "shop",
            "2026-03-01",
            "--conf",
            "{\"limit\": 3, \"who\": \"ada\"}",
            "--config",
            config);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("[shell] rows=43 empty=None who=ada")
        .contains("[flaky] Task failed")
        .contains("[flaky] Up for retry (try 2 of 2)")
        .contains("[report_empty] skipped (not chosen by choose)")
        .contains("Test run of shop succeeded");
    assertThat(run.out()).containsPattern("flaky\\s+success\\s+2\\s+\\d+ ms");
    assertThat(run.out()).containsPattern("report_empty\\s+skipped\\s+0");
    assertThat(run.out()).containsPattern("shell\\s+success\\s+1");
  }

  @Test
  void dags_test_exits_1_when_a_task_fails_and_shows_its_downstream_upstream_failed() {
    CliRun run = CliRun.of("dags", "test", "doomed", "--config", config);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("kaboom").contains("Test run of doomed failed");
    assertThat(run.out()).containsPattern("never\\s+upstream_failed\\s+0");
  }

  @Test
  void dags_test_runs_the_example_task_groups_between_the_setup_and_the_teardown() {
    CliRun run = CliRun.of("dags", "test", "example_task_group", "--config", config);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .containsPattern("transform\\.enrich\\.geo\\s+success")
        .contains("[load] loading {");
    assertThat(run.out().indexOf("[create_scratch]")).isLessThan(run.out().indexOf("[extract."));
    assertThat(run.out().lastIndexOf("[load]")).isLessThan(run.out().indexOf("[drop_scratch]"));
  }

  @Test
  void dags_test_exits_2_naming_an_unknown_dag_and_the_known_ones() {
    CliRun run = CliRun.of("dags", "test", "nope", "--config", config);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("No DAG 'nope'").contains("doomed").contains("shop");
  }

  @Test
  void dags_test_exits_2_when_the_conf_breaks_the_dags_params() {
    CliRun missing = CliRun.of("dags", "test", "shop", "--config", config);
    CliRun notJson = CliRun.of("dags", "test", "shop", "--conf", "{limit", "--config", config);

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("limit").contains("required");
    assertThat(notJson.exitCode()).isEqualTo(2);
    assertThat(notJson.err()).contains("--conf");
  }

  @Test
  void tasks_test_runs_one_task_alone_with_its_upstream_xcom_none() {
    CliRun run =
        CliRun.of("tasks", "test", "shop", "shell", "--conf", "{\"limit\": 1}", "--config", config);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("[shell] rows=None empty=None who=world");
    assertThat(run.out()).doesNotContain("[extract]");
    assertThat(run.out()).containsPattern("shell\\s+success\\s+1");
  }

  @Test
  void tasks_test_exits_2_naming_an_unknown_task() {
    CliRun run = CliRun.of("tasks", "test", "shop", "nope", "--config", config);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no task 'nope'").contains("extract");
  }

  @Test
  void dags_test_needs_no_database_even_when_the_default_chain_names_the_metastore()
      throws Exception {
    Path file = dir.resolve("defaults.yaml");
    Files.writeString(file, "dags:\n  folder: " + dir.resolve("dags") + "\n");

    CliRun run =
        CliRun.of("dags", "test", "shop", "--conf", "{\"limit\": 2}", "--config", file.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
  }
}
