package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DagValidationTest {
  private static Task noop(String id) {
    return Task.java(id, ctx -> null);
  }

  @Test
  void a_cycle_is_rejected_and_the_error_names_its_path() {
    var builder =
        Dag.builder("cyclic")
            .task(noop("a"))
            .task(noop("b").after("a"))
            .task(noop("c").after("b"))
            .task(noop("d").after("c"))
            .chain("d", "b");

    assertThatThrownBy(builder::build)
        .isInstanceOf(DagValidationException.class)
        .hasMessageContaining("DAG 'cyclic'")
        .hasMessageContaining("cycle: b -> c -> d -> b");
  }

  @Test
  void a_task_depending_on_itself_is_a_cycle() {
    assertThatThrownBy(() -> Dag.builder("selfish").task(noop("a").after("a")).build())
        .hasMessageContaining("cycle: a -> a");
  }

  @Test
  void duplicate_task_ids_are_rejected() {
    assertThatThrownBy(() -> Dag.builder("dup").task(noop("a")).task(noop("a")).build())
        .isInstanceOf(DagValidationException.class)
        .hasMessageContaining("task id 'a' is used more than once");
  }

  @Test
  void unknown_upstream_ids_are_rejected_with_every_problem_listed() {
    assertThatThrownBy(
            () ->
                Dag.builder("unknown")
                    .task(noop("a").after("x"))
                    .task(noop("b").after("y"))
                    .build())
        .isInstanceOfSatisfying(
            DagValidationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "task 'a' depends on 'x', which is not a task of this DAG",
                        "task 'b' depends on 'y', which is not a task of this DAG"));
  }

  @Test
  void tasks_come_out_in_topological_order_keeping_the_order_they_were_added() {
    Dag dag =
        Dag.builder("ordered")
            .task(noop("load").after("transform"))
            .task(noop("extract"))
            .task(noop("transform").after("extract"))
            .task(noop("report"))
            .build();

    assertThat(dag.tasks().stream().map(Task::id).toList())
        .isEqualTo(List.of("extract", "transform", "load", "report"));
  }

  @Test
  void task_retries_default_to_the_dag_setting() {
    Dag dag =
        Dag.builder("retries").defaultRetries(2).task(noop("a")).task(noop("b").retries(0)).build();

    assertThat(dag.structure().task("a").orElseThrow().maxTries()).isEqualTo(3);
    assertThat(dag.structure().task("b").orElseThrow().maxTries()).isEqualTo(1);
  }

  @Test
  void an_invalid_task_id_is_rejected_with_the_rule() {
    assertThatThrownBy(() -> noop("has space")).hasMessageContaining("Invalid task id 'has space'");
  }

  @Test
  void the_structure_round_trips_through_json_with_the_same_hash() {
    Dag dag =
        Dag.builder("json")
            .schedule("@daily")
            .task(noop("a"))
            .task(Task.bash("b", "echo hi").after("a"))
            .build();

    DagStructure back = DagStructure.fromJson(dag.structure().toJson());

    assertThat(back).isEqualTo(dag.structure());
    assertThat(back.versionHash()).isEqualTo(dag.structure().versionHash());
    assertThat(back.task("b").orElseThrow().settings()).containsEntry("bash_command", "echo hi");
  }

  @Test
  void a_teardown_whose_rule_was_changed_and_an_ordinary_task_with_a_teardown_rule_are_refused() {
    assertThatThrownBy(
            () ->
                Dag.builder("cleanup")
                    .task(noop("make").asSetup())
                    .task(noop("drop").asTeardown("make").triggerRule(TriggerRule.ALL_SUCCESS))
                    .task(noop("odd").after("make").triggerRule(TriggerRule.ALL_DONE_SETUP_SUCCESS))
                    .build())
        .isInstanceOf(DagValidationException.class)
        .hasMessageContaining("teardown task 'drop' has trigger rule all_success")
        .hasMessageContaining("task 'odd' has trigger rule all_done_setup_success")
        .hasMessageContaining("asTeardown");
  }

  @Test
  void a_doc_longer_than_ten_thousand_characters_is_refused_with_its_length() {
    assertThatThrownBy(() -> noop("a").doc("x".repeat(10_001)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Task 'a': doc is 10001 characters");
  }
}
