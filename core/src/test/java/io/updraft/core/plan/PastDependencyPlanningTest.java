package io.updraft.core.plan;

import static io.updraft.core.testdata.TaskInstanceBuilder.aTaskInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.CompiledDag;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.PastDependency;
import io.updraft.core.dag.Task;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PastDependencyPlanningTest {
  private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

  private final DagStructure dag =
      Dag.builder("past")
          .task(Task.java("extract", ctx -> null))
          .task(Task.java("load", ctx -> null).after("extract").dependsOnPast())
          .task(Task.java("report", ctx -> null).after("load"))
          .task(Task.java("watermark", ctx -> null).waitForDownstream())
          .task(Task.java("publish", ctx -> null).after("watermark"))
          .build()
          .structure();

  private static List<TaskInstance> fresh() {
    return List.of(
        aTaskInstance("extract").id(1).state(TaskState.SUCCESS).build(),
        aTaskInstance("load").id(2).build(),
        aTaskInstance("report").id(3).build(),
        aTaskInstance("watermark").id(4).build(),
        aTaskInstance("publish").id(5).build());
  }

  private static PreviousRun previous(
      TaskState load, TaskState report, TaskState watermark, TaskState publish) {
    return PreviousRun.of(
        List.of(
            aTaskInstance("extract").id(11).state(TaskState.SUCCESS).build(),
            aTaskInstance("load").id(12).state(load).build(),
            aTaskInstance("report").id(13).state(report).build(),
            aTaskInstance("watermark").id(14).state(watermark).build(),
            aTaskInstance("publish").id(15).state(publish).build()));
  }

  private static List<Long> queued(RunPlan plan) {
    return plan.changes().stream()
        .filter(c -> c.to() == TaskState.QUEUED)
        .map(TaskChange::taskInstanceId)
        .toList();
  }

  @Test
  void the_first_run_has_no_previous_run_and_its_tasks_go() {
    RunPlan plan = RunPlanner.plan(dag, fresh(), PreviousRun.NONE, NOW);

    assertThat(queued(plan)).containsExactlyInAnyOrder(2L, 4L);
  }

  @Test
  void a_task_waits_while_its_previous_instance_has_not_succeeded_or_been_skipped() {
    PreviousRun running =
        previous(TaskState.RUNNING, TaskState.NONE, TaskState.FAILED, TaskState.NONE);

    RunPlan plan = RunPlanner.plan(dag, fresh(), running, NOW);

    assertThat(queued(plan)).isEmpty();
    assertThat(plan.finalState()).isEmpty();
  }

  @Test
  void a_task_goes_once_its_previous_instance_succeeded_or_was_skipped() {
    PreviousRun done =
        previous(TaskState.SUCCESS, TaskState.NONE, TaskState.SKIPPED, TaskState.SKIPPED);

    RunPlan plan = RunPlanner.plan(dag, fresh(), done, NOW);

    assertThat(queued(plan)).containsExactlyInAnyOrder(2L, 4L);
  }

  @Test
  void wait_for_downstream_also_waits_for_the_previous_instances_direct_downstream_tasks() {
    PreviousRun publishing =
        previous(TaskState.SUCCESS, TaskState.SUCCESS, TaskState.SUCCESS, TaskState.RUNNING);

    RunPlan plan = RunPlanner.plan(dag, fresh(), publishing, NOW);

    assertThat(queued(plan)).containsExactly(2L);
  }

  @Test
  void an_upstream_failure_still_marks_the_task_upstream_failed_whatever_the_previous_run() {
    List<TaskInstance> failed =
        List.of(
            aTaskInstance("extract").id(1).state(TaskState.FAILED).build(),
            aTaskInstance("load").id(2).build(),
            aTaskInstance("report").id(3).build(),
            aTaskInstance("watermark").id(4).state(TaskState.SUCCESS).build(),
            aTaskInstance("publish").id(5).state(TaskState.SUCCESS).build());
    PreviousRun running =
        previous(TaskState.RUNNING, TaskState.NONE, TaskState.SUCCESS, TaskState.SUCCESS);

    RunPlan plan = RunPlanner.plan(dag, failed, running, NOW);

    assertThat(plan.changes())
        .extracting(TaskChange::taskInstanceId, TaskChange::to)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(2L, TaskState.UPSTREAM_FAILED),
            org.assertj.core.groups.Tuple.tuple(3L, TaskState.UPSTREAM_FAILED));
  }

  @Test
  void a_task_the_previous_run_did_not_have_goes() {
    PreviousRun without =
        PreviousRun.of(List.of(aTaskInstance("extract").id(11).state(TaskState.SUCCESS).build()));

    RunPlan plan = RunPlanner.plan(dag, fresh(), without, NOW);

    assertThat(queued(plan)).containsExactlyInAnyOrder(2L, 4L);
  }

  @Test
  void a_task_that_depends_on_the_past_is_left_to_the_planner_by_the_fast_paths() {
    CompiledDag compiled = CompiledDag.of(dag);

    assertThat(compiled.roots()).containsExactly("extract");
    assertThat(compiled.hasPlannedRoots()).isTrue();
    assertThat(compiled.hasPastDependencies()).isTrue();
    assertThat(compiled.handOversOf("extract")).isEmpty();
    assertThat(compiled.handOversOf("load")).isPresent();
    assertThat(dag.task("watermark").orElseThrow().pastDependency())
        .isEqualTo(PastDependency.TASK_AND_DOWNSTREAM);
  }
}
