package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TriggerRule;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.XComStore;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.core.task.TaskSkippedException;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A task mapped over a mapped task's results (Airflow's nested mapping), through the scheduler's
 * planner, Redis and the worker, on PostgreSQL: one instance per value the upstream instances
 * returned, in map index order, once all of them are done.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class NestedTaskMappingTest {
  private StepHarness fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private DagRun runToEnd(Dag dag) {
    fx = new StepHarness(dag);
    DagRun run = fx.trigger(dag);
    fx.tickUntilIdle(40);
    return fx.run(run);
  }

  private List<TaskInstance> instancesOf(DagRun run, String taskId) {
    return fx.runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .toList();
  }

  /** make_list, then double over its list, then add_one over double's results, then total. */
  private static Dag chain(String id, List<Integer> list, Task doubleTask, TriggerRule addOneRule) {
    return Dag.builder(id)
        .task(Task.java("make_list", ctx -> list))
        .task(doubleTask.expandOver("make_list"))
        .task(
            Task.java("add_one", ctx -> ctx.mapValue(Integer.class) + 1)
                .expandOver("double")
                .triggerRule(addOneRule))
        .task(
            Task.java("total", ctx -> sum(ctx.xcomPull("add_one", List.class).orElseThrow()))
                .after("add_one"))
        .build();
  }

  private static Task doubling() {
    return Task.java("double", ctx -> ctx.mapValue(Integer.class) * 2);
  }

  @Test
  void a_task_mapped_over_a_mapped_tasks_results_runs_once_per_result_in_map_index_order() {
    DagRun run = runToEnd(chain("nested", List.of(1, 2, 3), doubling(), TriggerRule.ALL_SUCCESS));

    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(instancesOf(run, "add_one"))
        .extracting(TaskInstance::mapIndex, TaskInstance::state)
        .containsExactlyInAnyOrder(
            tuple(0, TaskState.SUCCESS), tuple(1, TaskState.SUCCESS), tuple(2, TaskState.SUCCESS));
    assertThat(fx.xcoms.get(run.id(), "double", XComStore.RETURN_VALUE)).contains("[2, 4, 6]");
    assertThat(fx.xcoms.get(run.id(), "add_one", XComStore.RETURN_VALUE)).contains("[3, 5, 7]");
    assertThat(fx.xcoms.get(run.id(), "total", XComStore.RETURN_VALUE)).contains("15");
  }

  @Test
  void a_skipped_upstream_instance_and_one_that_returned_nothing_are_left_out() {
    Task doubleOrNot =
        Task.java(
            "double",
            ctx -> {
              int value = ctx.mapValue(Integer.class);
              if (value == 2) {
                throw new TaskSkippedException("2 is skipped");
              }
              return value == 3 ? null : value * 2;
            });

    DagRun run =
        runToEnd(chain("nested_gaps", List.of(1, 2, 3, 4), doubleOrNot, TriggerRule.NONE_FAILED));

    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(instancesOf(run, "double"))
        .extracting(TaskInstance::mapIndex, TaskInstance::state)
        .containsExactlyInAnyOrder(
            tuple(0, TaskState.SUCCESS),
            tuple(1, TaskState.SKIPPED),
            tuple(2, TaskState.SUCCESS),
            tuple(3, TaskState.SUCCESS));
    assertThat(instancesOf(run, "add_one")).hasSize(2);
    assertThat(fx.xcoms.get(run.id(), "add_one", XComStore.RETURN_VALUE)).contains("[3, 9]");
    assertThat(fx.xcoms.get(run.id(), "total", XComStore.RETURN_VALUE)).contains("12");
  }

  @Test
  void no_results_from_the_upstream_instances_skip_the_nested_mapped_task() {
    Task returnsNothing = Task.java("double", ctx -> null);

    DagRun run =
        runToEnd(chain("nested_none", List.of(1, 2), returnsNothing, TriggerRule.ALL_SUCCESS));

    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(instancesOf(run, "double")).hasSize(2);
    assertThat(instancesOf(run, "add_one"))
        .singleElement()
        .satisfies(
            ti -> {
              assertThat(ti.state()).isEqualTo(TaskState.SKIPPED);
              assertThat(ti.mapIndex()).isEqualTo(-1);
            });
    assertThat(fx.log(run, "add_one", 1)).contains("No values to expand over");
    assertThat(fx.task(run, "total").state()).isEqualTo(TaskState.SKIPPED);
  }

  @Test
  void an_empty_first_list_skips_both_mapped_tasks_and_what_needs_them() {
    DagRun run = runToEnd(chain("nested_empty", List.of(), doubling(), TriggerRule.ALL_SUCCESS));

    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.task(run, "double").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(fx.task(run, "add_one").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(fx.task(run, "total").state()).isEqualTo(TaskState.SKIPPED);
  }

  private static int sum(List<?> values) {
    return values.stream().mapToInt(v -> ((Number) v).intValue()).sum();
  }
}
