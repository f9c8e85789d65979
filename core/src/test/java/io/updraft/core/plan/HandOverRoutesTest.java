package io.updraft.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.dag.TriggerRule;
import org.junit.jupiter.api.Test;

class HandOverRoutesTest {
  private final HandOverRoutes routes = new HandOverRoutes();

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

    assertThat(routes.downstreamOf(dag, "a").orElseThrow())
        .extracting(TaskNode::taskId)
        .containsExactlyInAnyOrder("join", "next");
    assertThat(routes.downstreamOf(dag, "b").orElseThrow())
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

    assertThat(routes.downstreamOf(dag, "choose")).isEmpty();
    assertThat(routes.downstreamOf(dag, "left")).isEmpty();
    assertThat(routes.downstreamOf(dag, "cleanup")).isEmpty();
    assertThat(routes.downstreamOf(dag, "gate")).isEmpty();
    assertThat(routes.downstreamOf(dag, "check")).isPresent();
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

    assertThat(routes.roots(dag)).containsExactly("first", "notify");
  }

  @Test
  void a_structure_is_indexed_once_and_told_apart_from_an_equal_copy_by_identity() {
    DagStructure dag =
        Dag.builder("routes_same").task(noop("a")).task(noop("b").after("a")).build().structure();
    DagStructure copy = DagStructure.fromJson(dag.toJson());

    assertThat(routes.downstreamOf(dag, "a").orElseThrow())
        .isSameAs(routes.downstreamOf(dag, "a").orElseThrow());
    assertThat(routes.downstreamOf(copy, "a").orElseThrow())
        .isNotSameAs(routes.downstreamOf(dag, "a").orElseThrow())
        .isEqualTo(routes.downstreamOf(dag, "a").orElseThrow());
  }
}
