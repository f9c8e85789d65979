package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompiledDagTest {

  private static Task noop(String id) {
    return Task.java(id, ctx -> null);
  }

  @Test
  void a_task_hands_over_to_its_all_success_downstream_tasks_with_their_upstream_tasks() {
    DagStructure dag =
        Dag.builder("routes")
            .task(noop("a"))
            .task(noop("b"))
            .task(noop("join").after("a", "b"))
            .task(noop("next").after("a"))
            .build()
            .structure();

    assertThat(CompiledDag.of(dag).handOversOf("a").orElseThrow())
        .extracting(TaskNode::taskId)
        .containsExactlyInAnyOrder("join", "next");
    assertThat(CompiledDag.of(dag).handOversOf("b").orElseThrow())
        .singleElement()
        .satisfies(join -> assertThat(join.upstream()).containsExactlyInAnyOrder("a", "b"));
  }

  @Test
  void the_planner_decides_for_the_last_task_a_branch_and_a_downstream_task_with_another_rule() {
    DagStructure dag =
        Dag.builder("routes_planned")
            .task(Task.branch("choose", ctx -> "left"))
            .task(noop("left").after("choose"))
            .task(noop("right").after("choose"))
            .task(noop("cleanup").after("left").triggerRule(TriggerRule.ALL_DONE))
            .task(noop("check"))
            .task(Task.shortCircuit("gate", ctx -> true).after("check"))
            .task(noop("after_gate").after("gate"))
            .build()
            .structure();

    assertThat(CompiledDag.of(dag).handOversOf("choose")).isEmpty();
    assertThat(CompiledDag.of(dag).handOversOf("left")).isEmpty();
    assertThat(CompiledDag.of(dag).handOversOf("cleanup")).isEmpty();
    assertThat(CompiledDag.of(dag).handOversOf("gate")).isEmpty();
    assertThat(CompiledDag.of(dag).handOversOf("check")).isPresent();
  }

  @Test
  void a_task_with_the_always_rule_starts_with_the_run_as_the_planner_would_queue_it() {
    DagStructure dag =
        Dag.builder("routes_always")
            .task(noop("first"))
            .task(noop("second").after("first"))
            .task(noop("notify").after("second").triggerRule(TriggerRule.ALWAYS))
            .build()
            .structure();

    assertThat(CompiledDag.of(dag).roots()).containsExactly("first", "notify");
  }

  @Test
  void a_structure_is_indexed_once_and_told_apart_from_an_equal_copy_by_identity() {
    DagStructure dag =
        Dag.builder("routes_same").task(noop("a")).task(noop("b").after("a")).build().structure();
    DagStructure copy = DagStructure.fromJson(dag.toJson());

    assertThat(CompiledDag.of(dag).handOversOf("a").orElseThrow())
        .isSameAs(CompiledDag.of(dag).handOversOf("a").orElseThrow());
    assertThat(CompiledDag.of(copy).handOversOf("a").orElseThrow())
        .isNotSameAs(CompiledDag.of(dag).handOversOf("a").orElseThrow())
        .isEqualTo(CompiledDag.of(dag).handOversOf("a").orElseThrow());
  }
}
