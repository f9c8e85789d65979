package io.updraft.dags;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.TaskNode;
import org.junit.jupiter.api.Test;

class ExampleDagsTest {
  @Test
  void the_example_dags_load_through_the_service_loader_without_errors() {
    DagBag bag = DagBag.load(getClass().getClassLoader());

    assertThat(bag.errors()).isEmpty();
    assertThat(bag.get("example_hello")).isPresent();
    assertThat(bag.get("example_postgres_to_s3")).isPresent();
    assertThat(bag.get("example_http_to_postgres")).isPresent();
    assertThat(bag.get("example_exchange_rates")).isPresent();
    assertThat(bag.get("example_bigquery")).isPresent();
    assertThat(bag.get("example_mapping")).isPresent();
    assertThat(bag.get("example_asset_producer")).isPresent();
    assertThat(bag.get("example_asset_consumer")).isPresent();
    assertThat(bag.get("example_cross_dag")).isPresent();
    assertThat(bag.get("example_cross_dag_report")).isPresent();
    assertThat(bag.get("example_task_group")).isPresent();
  }

  @Test
  void example_task_group_nests_its_groups_between_a_setup_and_its_teardown() {
    var dag = DagBag.load(getClass().getClassLoader()).get("example_task_group").orElseThrow();

    assertThat(dag.structure().task("create_scratch").orElseThrow().role())
        .isEqualTo(io.updraft.core.dag.TaskRole.SETUP);
    assertThat(dag.structure().task("drop_scratch").orElseThrow().isTeardown()).isTrue();
    assertThat(dag.structure().task("transform.enrich.geo").orElseThrow().groups())
        .containsExactly("transform", "transform.enrich");
    assertThat(dag.structure().task("transform.enrich.geo").orElseThrow().upstream())
        .containsExactly("transform.clean");
    assertThat(dag.structure().task("load").orElseThrow().upstream())
        .containsExactlyInAnyOrder("transform.enrich.geo", "transform.enrich.currency");
  }

  @Test
  void example_cross_dag_loads_after_the_day_before_then_triggers_and_senses_the_report() {
    var bag = DagBag.load(getClass().getClassLoader());
    var structure = bag.get("example_cross_dag").orElseThrow().structure();

    assertThat(structure.task("load").orElseThrow().pastDependency())
        .isEqualTo(io.updraft.core.dag.PastDependency.TASK);
    assertThat(structure.tasks())
        .extracting(TaskNode::kind)
        .containsExactly("java", "trigger_dagrun", "external_task_sensor");
    assertThat(structure.task("trigger_report").orElseThrow().settings())
        .containsEntry("trigger_dag_id", "example_cross_dag_report")
        .containsEntry("wait_for_completion", true);
    // It needs the report DAG: both wait, paused, for a user to turn them on.
    assertThat(bag.get("example_cross_dag").orElseThrow().pausedOnCreation()).isEmpty();
  }

  @Test
  void example_asset_consumer_runs_on_the_assets_the_producer_updates() {
    DagBag bag = DagBag.load(getClass().getClassLoader());
    var producer = bag.get("example_asset_producer").orElseThrow().structure();
    var consumer = bag.get("example_asset_consumer").orElseThrow().structure();

    assertThat(consumer.schedule()).isEqualTo("none");
    assertThat(consumer.scheduleAssets())
        .containsExactlyInAnyOrderElementsOf(
            producer.tasks().stream().flatMap(t -> t.outlets().stream()).toList());
  }

  @Test
  void example_mapping_expands_count_rows_over_the_partitions_listed_upstream() {
    var structure =
        DagBag.load(getClass().getClassLoader()).get("example_mapping").orElseThrow().structure();

    TaskNode countRows = structure.task("count_rows").orElseThrow();
    assertThat(countRows.isMapped()).isTrue();
    assertThat(countRows.mapping().upstreamTaskId()).isEqualTo("list_partitions");
    assertThat(structure.task("total").orElseThrow().upstream()).containsExactly("count_rows");
  }

  @Test
  void no_example_templates_a_value_into_a_shell_command() {
    // A run id, conf value or XCom can hold any text: in a command it would be shell code. The
    // examples pass such values through env, where they stay data.
    var bashCommands =
        DagBag.load(getClass().getClassLoader()).dags().stream()
            .flatMap(
                dag ->
                    dag.structure().tasks().stream()
                        .filter(task -> task.kind().equals("bash"))
                        .map(
                            task ->
                                dag.id()
                                    + "."
                                    + task.taskId()
                                    + ": "
                                    + task.settings().get("bash_command")))
            .toList();

    assertThat(bashCommands).isNotEmpty().noneMatch(command -> command.contains("{{"));
  }

  @Test
  void the_postgres_export_creates_the_bucket_exports_then_checks_the_file() {
    var structure =
        DagBag.load(getClass().getClassLoader())
            .get("example_postgres_to_s3")
            .orElseThrow()
            .structure();

    assertThat(structure.tasks())
        .extracting(TaskNode::kind)
        .containsExactly("s3_create_bucket", "java", "s3_key_sensor");
    assertThat(structure.task("check_export").orElseThrow().upstream()).containsExactly("export");
  }

  @Test
  void example_hello_runs_greet_then_echo_then_shout() {
    var structure =
        DagBag.load(getClass().getClassLoader()).get("example_hello").orElseThrow().structure();

    assertThat(structure.tasks())
        .extracting(TaskNode::taskId)
        .containsExactly("greet", "echo", "shout");
    assertThat(structure.task("echo").orElseThrow().upstream()).containsExactly("greet");
    assertThat(structure.task("shout").orElseThrow().kind()).isEqualTo("java");
    assertThat(structure.schedule()).isEqualTo("@daily");
  }
}
