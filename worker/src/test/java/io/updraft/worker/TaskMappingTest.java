package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.XComStore;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dynamic task mapping through the scheduler's planner, Redis and the worker, on PostgreSQL: one
 * task instance per value, told apart by map index, and the values collected downstream.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TaskMappingTest {
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
    fx.tickUntilIdle(30);
    return fx.run(run);
  }

  private List<TaskInstance> instancesOf(DagRun run, String taskId) {
    return fx.runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .toList();
  }

  @Test
  void a_task_mapped_over_an_upstream_list_runs_once_per_element_and_downstream_gets_the_results() {
    Dag dag =
        Dag.builder("map_xcom")
            .task(Task.java("files", ctx -> List.of("a.csv", "b.csv", "c.csv")))
            .task(
                Task.java("size", ctx -> ctx.mapIndex() + ":" + ctx.mapValue(String.class))
                    .expandOver("files"))
            .task(Task.java("total", ctx -> ctx.xcomPull("size").orElseThrow()).after("size"))
            .build();

    DagRun run = runToEnd(dag);

    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(instancesOf(run, "size"))
        .extracting(TaskInstance::mapIndex, TaskInstance::state)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(0, TaskState.SUCCESS),
            org.assertj.core.groups.Tuple.tuple(1, TaskState.SUCCESS),
            org.assertj.core.groups.Tuple.tuple(2, TaskState.SUCCESS));
    assertThat(fx.xcoms.get(run.id(), "total", XComStore.RETURN_VALUE))
        .contains("[\"0:a.csv\", \"1:b.csv\", \"2:c.csv\"]");
  }

  @Test
  void a_task_mapped_over_a_literal_list_at_the_start_of_a_run_and_over_a_map_of_entries() {
    Dag dag =
        Dag.builder("map_literal")
            .task(Task.java("square", ctx -> ctx.mapValue(Integer.class) * 2).expand(List.of(1, 2)))
            .task(Task.java("config", ctx -> Map.of("eu", 3)).after("square"))
            .task(
                Task.java("region", ctx -> ctx.mapValue(Map.class).get("key")).expandOver("config"))
            .build();

    DagRun run = runToEnd(dag);

    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.xcoms.get(run.id(), "square", XComStore.RETURN_VALUE)).contains("[2, 4]");
    assertThat(fx.xcoms.get(run.id(), "region", XComStore.RETURN_VALUE)).contains("[\"eu\"]");
  }

  @Test
  void no_values_skip_the_mapped_task_and_what_needs_it_while_the_run_succeeds() {
    Dag dag =
        Dag.builder("map_empty")
            .task(Task.java("files", ctx -> List.of()))
            .task(Task.java("load", ctx -> "never").expandOver("files"))
            .task(Task.java("report", ctx -> "never").after("load"))
            .build();

    DagRun run = runToEnd(dag);

    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(instancesOf(run, "load"))
        .singleElement()
        .satisfies(
            ti -> {
              assertThat(ti.state()).isEqualTo(TaskState.SKIPPED);
              assertThat(ti.mapIndex()).isEqualTo(-1);
            });
    assertThat(fx.task(run, "report").state()).isEqualTo(TaskState.SKIPPED);
  }

  @Test
  void a_return_value_that_is_no_list_fails_the_mapped_task_and_its_log_says_why() {
    Dag dag =
        Dag.builder("map_not_a_list")
            .task(Task.java("files", ctx -> "a.csv"))
            .task(Task.java("load", ctx -> "never").expandOver("files"))
            .build();

    DagRun run = runToEnd(dag);

    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(fx.task(run, "load").state()).isEqualTo(TaskState.FAILED);
    assertThat(fx.log(run, "load", 1))
        .contains("The return value of task 'files' is a string, not a list or a map");
  }

  @Test
  void more_values_than_the_configured_max_map_length_fail_the_task_before_any_instance_runs() {
    Dag dag =
        Dag.builder("map_too_many")
            .task(Task.java("files", ctx -> List.of("a", "b", "c")))
            .task(Task.java("load", ctx -> "loaded").expandOver("files"))
            .build();
    fx = new StepHarness(null, 2, dag);

    DagRun run = fx.trigger(dag);
    fx.tickUntilIdle(20);
    run = fx.run(run);

    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(fx.task(run, "load").state()).isEqualTo(TaskState.FAILED);
    assertThat(fx.task(run, "load").mapIndex()).isEqualTo(-1);
    assertThat(fx.log(run, "load", 1))
        .contains("would expand into 3 instances, over the limit of 2 (dags.max_map_length)");
  }

  @Test
  void one_failed_instance_fails_the_run_and_its_downstream_task_is_upstream_failed() {
    Dag dag =
        Dag.builder("map_one_fails")
            .task(
                Task.java(
                        "check",
                        ctx -> {
                          if (ctx.mapValue(Integer.class) == 2) {
                            throw new IllegalStateException("bad value 2");
                          }
                          return ctx.mapValue();
                        })
                    .expand(List.of(1, 2, 3)))
            .task(Task.java("report", ctx -> "never").after("check"))
            .build();

    DagRun run = runToEnd(dag);

    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(instancesOf(run, "check"))
        .extracting(TaskInstance::state)
        .containsExactlyInAnyOrder(TaskState.SUCCESS, TaskState.FAILED, TaskState.SUCCESS);
    assertThat(fx.task(run, "report").state()).isEqualTo(TaskState.UPSTREAM_FAILED);
  }
}
