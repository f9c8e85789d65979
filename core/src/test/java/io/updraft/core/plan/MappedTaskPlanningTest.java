package io.updraft.core.plan;

import static io.updraft.core.testdata.TaskInstanceBuilder.aTaskInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskMapping;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MappedTaskPlanningTest {
  private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

  private final DagStructure dag =
      Dag.builder("mapped")
          .task(Task.java("files", ctx -> List.of("a", "b")))
          .task(Task.java("load", ctx -> ctx.mapValue()).expandOver("files"))
          .task(Task.java("report", ctx -> null).after("load"))
          .build()
          .structure();

  @Test
  void a_ready_mapped_task_is_expanded_instead_of_queued() {
    TaskInstance load = aTaskInstance("load").id(2).build();
    List<TaskInstance> tis =
        List.of(
            aTaskInstance("files").id(1).state(TaskState.SUCCESS).build(),
            load,
            aTaskInstance("report").id(3).build());

    RunPlan plan = RunPlanner.plan(dag, tis, NOW);

    assertThat(plan.changes()).isEmpty();
    assertThat(plan.toExpand()).containsExactly(load);
    assertThat(plan.finalState()).isEmpty();
  }

  @Test
  void each_expanded_instance_is_queued_and_downstream_waits_for_every_one_of_them() {
    List<TaskInstance> tis =
        List.of(
            aTaskInstance("files").id(1).state(TaskState.SUCCESS).build(),
            aTaskInstance("load").id(2).mapIndex(0).state(TaskState.SUCCESS).build(),
            aTaskInstance("load").id(4).mapIndex(1).build(),
            aTaskInstance("report").id(3).build());

    RunPlan plan = RunPlanner.plan(dag, tis, NOW);

    assertThat(plan.toExpand()).isEmpty();
    assertThat(plan.changes())
        .extracting(TaskChange::taskInstanceId, TaskChange::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(4L, TaskState.QUEUED));
  }

  @Test
  void a_failed_instance_fails_the_downstream_task_and_the_run() {
    List<TaskInstance> tis =
        List.of(
            aTaskInstance("files").id(1).state(TaskState.SUCCESS).build(),
            aTaskInstance("load").id(2).mapIndex(0).state(TaskState.SUCCESS).build(),
            aTaskInstance("load").id(4).mapIndex(1).state(TaskState.FAILED).build(),
            aTaskInstance("report").id(3).build());

    RunPlan plan = RunPlanner.plan(dag, tis, NOW);

    assertThat(plan.changes())
        .extracting(TaskChange::taskInstanceId, TaskChange::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, TaskState.UPSTREAM_FAILED));
    assertThat(plan.finalState()).contains(RunState.FAILED);
  }

  @Test
  void a_mapped_task_whose_upstream_failed_is_not_expanded_but_upstream_failed() {
    List<TaskInstance> tis =
        List.of(
            aTaskInstance("files").id(1).state(TaskState.FAILED).build(),
            aTaskInstance("load").id(2).build(),
            aTaskInstance("report").id(3).build());

    RunPlan plan = RunPlanner.plan(dag, tis, NOW);

    assertThat(plan.toExpand()).isEmpty();
    assertThat(plan.changes())
        .extracting(TaskChange::taskInstanceId, TaskChange::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, TaskState.UPSTREAM_FAILED),
            org.assertj.core.groups.Tuple.tuple(3L, TaskState.UPSTREAM_FAILED));
  }

  @Test
  void values_are_a_lists_elements_or_a_maps_entries_and_anything_else_is_refused_by_name() {
    assertThat(TaskMapping.valuesOf("files", List.of("a", "b"))).containsExactly("a", "b");
    assertThat(TaskMapping.valuesOf("regions", Map.of("eu", 3)))
        .containsExactly(Map.of("key", "eu", "value", 3));
    assertThatThrownBy(() -> TaskMapping.valuesOf("files", 42))
        .hasMessageContaining("The return value of task 'files' is a number, not a list or a map");
    assertThatThrownBy(() -> TaskMapping.valuesOf("files", null))
        .hasMessageContaining("is missing (null)");
  }

  @Test
  void a_task_mapped_over_a_mapped_task_expands_only_once_every_upstream_instance_is_done() {
    DagStructure nested =
        Dag.builder("nested")
            .task(Task.java("a", ctx -> ctx.mapValue()).expand(List.of(1, 2)))
            .task(Task.java("b", ctx -> ctx.mapValue()).expandOver("a"))
            .build()
            .structure();
    TaskInstance b = aTaskInstance("b").id(3).build();
    TaskInstance aRunning = aTaskInstance("a").id(2).mapIndex(1).state(TaskState.RUNNING).build();
    TaskInstance aDone = aTaskInstance("a").id(1).mapIndex(0).state(TaskState.SUCCESS).build();

    assertThat(RunPlanner.plan(nested, List.of(aDone, aRunning, b), NOW).toExpand())
        .as("a's instance 1 still running")
        .isEmpty();
    TaskInstance aAlsoDone = aTaskInstance("a").id(2).mapIndex(1).state(TaskState.SUCCESS).build();
    assertThat(RunPlanner.plan(nested, List.of(aDone, aAlsoDone, b), NOW).toExpand())
        .containsExactly(b);
  }

  @Test
  void a_mapped_upstream_task_gives_its_collected_values_and_none_at_all_is_an_empty_list() {
    TaskMapping overA = TaskMapping.overXCom("a");

    assertThat(overA.valuesIn(id -> Optional.of("[2, 4]"), id -> true)).containsExactly(2, 4);
    assertThat(overA.valuesIn(id -> Optional.empty(), id -> true)).isEmpty();
    assertThatThrownBy(() -> overA.valuesIn(id -> Optional.empty(), id -> false))
        .as("an unmapped task that returned nothing")
        .hasMessageContaining("is missing (null)");
  }

  @Test
  void literal_values_must_survive_json() {
    assertThatThrownBy(() -> Task.java("x", ctx -> null).expand(java.util.Arrays.asList(1, null)))
        .hasMessageContaining("a value is null");
    assertThat(Task.java("x", ctx -> null).expand(List.of(1L, "two")).mapping().values())
        .containsExactly(1, "two");
  }
}
