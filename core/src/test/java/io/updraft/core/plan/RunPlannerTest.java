package io.updraft.core.plan;

import static io.updraft.core.testdata.TaskInstanceBuilder.aTaskInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunPlannerTest {
  private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

  private final DagStructure dag =
      Dag.builder("etl")
          .task(Task.java("extract", ctx -> null))
          .task(Task.java("transform", ctx -> null).after("extract"))
          .task(Task.java("load", ctx -> null).after("transform"))
          .task(Task.java("audit", ctx -> null))
          .build()
          .structure();

  private static List<TaskInstance> instances(Map<String, TaskState> states) {
    List<TaskInstance> list = new ArrayList<>();
    long id = 1;
    for (var e : states.entrySet()) {
      list.add(aTaskInstance(e.getKey()).id(id++).state(e.getValue()).build());
    }
    return list;
  }

  private static Map<String, TaskState> states(Object... pairs) {
    Map<String, TaskState> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (TaskState) pairs[i + 1]);
    }
    return map;
  }

  @Test
  void tasks_without_upstream_are_ready_first() {
    var tis =
        instances(
            states(
                "extract",
                TaskState.NONE,
                "transform",
                TaskState.NONE,
                "load",
                TaskState.NONE,
                "audit",
                TaskState.NONE));

    RunPlan plan = RunPlanner.plan(dag, tis, NOW);

    assertThat(plan.toQueue()).extracting(TaskChange::taskInstanceId).containsExactly(1L, 4L);
    assertThat(plan.finalState()).isEmpty();
  }

  @Test
  void a_task_is_ready_once_its_upstream_succeeded() {
    var tis =
        instances(
            states(
                "extract",
                TaskState.SUCCESS,
                "transform",
                TaskState.NONE,
                "load",
                TaskState.NONE,
                "audit",
                TaskState.RUNNING));

    RunPlan plan = RunPlanner.plan(dag, tis, NOW);

    assertThat(plan.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.taskInstanceId()).isEqualTo(2L);
              assertThat(c.from()).isEqualTo(TaskState.NONE);
              assertThat(c.to()).isEqualTo(TaskState.QUEUED);
            });
  }

  @Test
  void a_failure_marks_every_downstream_task_upstream_failed_in_one_pass_and_fails_the_run() {
    var tis =
        instances(
            states(
                "extract",
                TaskState.FAILED,
                "transform",
                TaskState.NONE,
                "load",
                TaskState.NONE,
                "audit",
                TaskState.SUCCESS));

    RunPlan plan = RunPlanner.plan(dag, tis, NOW);

    assertThat(plan.changes())
        .extracting(TaskChange::to)
        .containsExactly(TaskState.UPSTREAM_FAILED, TaskState.UPSTREAM_FAILED);
    assertThat(plan.finalState()).contains(RunState.FAILED);
  }

  @Test
  void a_run_succeeds_when_every_task_succeeded() {
    var tis =
        instances(
            states(
                "extract",
                TaskState.SUCCESS,
                "transform",
                TaskState.SUCCESS,
                "load",
                TaskState.SUCCESS,
                "audit",
                TaskState.SUCCESS));

    RunPlan plan = RunPlanner.plan(dag, tis, NOW);

    assertThat(plan.changes()).isEmpty();
    assertThat(plan.finalState()).contains(RunState.SUCCESS);
  }

  @Test
  void a_retry_is_queued_as_a_new_try_only_once_its_delay_passed() {
    TaskInstance waiting =
        aTaskInstance("extract")
            .state(TaskState.UP_FOR_RETRY)
            .maxTries(2)
            .nextTryAt(NOW.plusSeconds(30))
            .build();
    TaskInstance due =
        aTaskInstance("audit")
            .id(4)
            .state(TaskState.UP_FOR_RETRY)
            .maxTries(2)
            .nextTryAt(NOW.minusSeconds(1))
            .build();

    RunPlan plan = RunPlanner.plan(dag, List.of(waiting, due), NOW);

    assertThat(plan.toQueue())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.taskInstanceId()).isEqualTo(4L);
              assertThat(c.startsNextTry()).isTrue();
              assertThat(c.resultingTryNumber()).isEqualTo(2);
            });
  }

  @Test
  void a_reschedule_is_queued_under_the_same_try_once_its_date_passed_and_keeps_the_run_open() {
    TaskInstance waiting = rescheduled(1, "extract", NOW.plusSeconds(30));
    TaskInstance due = rescheduled(4, "audit", NOW);

    RunPlan later = RunPlanner.plan(dag, List.of(waiting), NOW);
    RunPlan plan = RunPlanner.plan(dag, List.of(waiting, due), NOW);

    assertThat(later.changes()).isEmpty();
    assertThat(later.finalState()).isEmpty();
    assertThat(plan.toQueue())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.taskInstanceId()).isEqualTo(4L);
              assertThat(c.from()).isEqualTo(TaskState.UP_FOR_RESCHEDULE);
              assertThat(c.startsNextTry()).isFalse();
              assertThat(c.resultingTryNumber()).isEqualTo(1);
              assertThat(c.nextTryAt()).isNull();
            });
  }

  private static TaskInstance rescheduled(long id, String taskId, Instant rescheduleDate) {
    return aTaskInstance(taskId)
        .id(id)
        .state(TaskState.UP_FOR_RESCHEDULE)
        .startDate(NOW.minusSeconds(60))
        .endDate(NOW.minusSeconds(59))
        .nextTryAt(rescheduleDate)
        .build();
  }
}
