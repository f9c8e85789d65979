package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskGroupTest {
  private static Task noop(String id) {
    return Task.java(id, ctx -> null);
  }

  private static List<String> upstreamOf(Dag dag, String taskId) {
    return dag.structure().task(taskId).orElseThrow().upstream();
  }

  @Test
  void a_groups_tasks_get_its_id_as_a_prefix_and_a_dependency_on_it_waits_for_its_last_tasks() {
    Dag dag =
        Dag.builder("grouped")
            .task(noop("start"))
            .group(
                TaskGroup.of("extract")
                    .after("start")
                    .task(noop("orders"))
                    .task(noop("customers"))
                    .task(noop("check").after("orders")))
            .task(noop("load").after("extract"))
            .build();

    assertThat(dag.structure().tasks())
        .extracting(TaskNode::taskId)
        .containsExactly("start", "extract.orders", "extract.customers", "extract.check", "load");
    assertThat(upstreamOf(dag, "extract.orders")).containsExactly("start");
    assertThat(upstreamOf(dag, "extract.customers")).containsExactly("start");
    assertThat(upstreamOf(dag, "extract.check")).containsExactly("extract.orders");
    assertThat(upstreamOf(dag, "load")).containsExactly("extract.check", "extract.customers");
  }

  @Test
  void nested_groups_get_both_prefixes_and_names_resolve_inside_out() {
    Dag dag =
        Dag.builder("nested")
            .task(noop("start"))
            .group(
                TaskGroup.of("extract")
                    .group(TaskGroup.of("eu").task(noop("orders")).task(noop("refunds")))
                    .group(TaskGroup.of("us").after("eu").task(noop("orders")))
                    .task(noop("merge").after("us", "start")))
            .task(noop("load").after("extract"))
            .build();

    assertThat(upstreamOf(dag, "extract.us.orders"))
        .containsExactly("extract.eu.orders", "extract.eu.refunds");
    assertThat(upstreamOf(dag, "extract.merge")).containsExactly("extract.us.orders", "start");
    assertThat(upstreamOf(dag, "load")).containsExactly("extract.merge");
  }

  @Test
  void a_task_mapped_over_a_sibling_in_a_group_expands_over_its_full_id() {
    Dag dag =
        Dag.builder("grouped_map")
            .group(
                TaskGroup.of("files")
                    .task(Task.java("list", ctx -> List.of("a")))
                    .task(Task.java("load", ctx -> ctx.mapValue()).expandOver("list")))
            .build();

    TaskNode load = dag.structure().task("files.load").orElseThrow();
    assertThat(load.mapping().upstreamTaskId()).isEqualTo("files.list");
    assertThat(load.upstream()).containsExactly("files.list");
  }

  @Test
  void a_group_id_with_a_dot_or_used_by_a_task_too_is_refused() {
    assertThatThrownBy(() -> TaskGroup.of("a.b")).hasMessageContaining("Invalid task group id");
    assertThatThrownBy(
            () ->
                Dag.builder("clash")
                    .task(noop("extract"))
                    .group(TaskGroup.of("extract").task(noop("x")))
                    .build())
        .isInstanceOf(DagValidationException.class)
        .hasMessageContaining("'extract' is the id of a task and of a task group");
  }
}
