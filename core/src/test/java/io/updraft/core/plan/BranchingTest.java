package io.updraft.core.plan;

import static io.updraft.core.testdata.TaskInstanceBuilder.aTaskInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TriggerRule;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BranchingTest {
  private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

  private final DagStructure branching =
      Dag.builder("branching")
          .task(Task.branch("choose", ctx -> "left"))
          .task(Task.java("left", ctx -> null).after("choose"))
          .task(Task.java("right", ctx -> null).after("choose"))
          .task(Task.java("right_more", ctx -> null).after("right"))
          .task(
              Task.java("join", ctx -> null)
                  .after("left", "right_more")
                  .triggerRule(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS))
          .build()
          .structure();

  private final DagStructure shortCircuit =
      Dag.builder("short")
          .task(Task.shortCircuit("check", ctx -> false))
          .task(Task.java("work", ctx -> null).after("check"))
          .task(Task.java("report", ctx -> null).after("work").triggerRule(TriggerRule.ALL_DONE))
          .build()
          .structure();

  @Test
  void a_branch_skips_the_paths_it_did_not_choose_and_the_join_still_runs() {
    Run run = new Run(branching);
    run.set("choose", TaskState.SUCCESS);
    run.apply(BranchSkips.forBranch(branching, "choose", Set.of("left"), run.instances(), NOW));

    run.apply(RunPlanner.plan(branching, run.instances(), NOW).changes());
    assertThat(run.state("left")).isEqualTo(TaskState.QUEUED);
    assertThat(run.state("right")).isEqualTo(TaskState.SKIPPED);
    assertThat(run.state("right_more")).isEqualTo(TaskState.SKIPPED);
    assertThat(run.state("join")).isEqualTo(TaskState.NONE);

    run.set("left", TaskState.SUCCESS);
    RunPlan plan = RunPlanner.plan(branching, run.instances(), NOW);
    run.apply(plan.changes());
    assertThat(run.state("join")).isEqualTo(TaskState.QUEUED);
  }

  @Test
  void a_short_circuit_skips_everything_downstream_whatever_the_trigger_rules() {
    Run run = new Run(shortCircuit);
    run.set("check", TaskState.SUCCESS);
    run.apply(BranchSkips.forShortCircuit(shortCircuit, "check", run.instances(), NOW));

    RunPlan plan = RunPlanner.plan(shortCircuit, run.instances(), NOW);
    assertThat(plan.changes()).isEmpty();
    assertThat(run.state("work")).isEqualTo(TaskState.SKIPPED);
    assertThat(run.state("report")).isEqualTo(TaskState.SKIPPED);
    assertThat(plan.finalState()).contains(RunState.SUCCESS);
  }

  @Test
  void a_skip_spreads_through_all_success_but_not_through_all_done() {
    DagStructure dag =
        Dag.builder("spread")
            .task(Task.java("a", ctx -> null))
            .task(Task.java("b", ctx -> null).after("a"))
            .task(Task.java("c", ctx -> null).after("b").triggerRule(TriggerRule.ALL_DONE))
            .build()
            .structure();
    Run run = new Run(dag);
    run.set("a", TaskState.SKIPPED);

    run.apply(RunPlanner.plan(dag, run.instances(), NOW).changes());

    assertThat(run.state("b")).isEqualTo(TaskState.SKIPPED);
    assertThat(run.state("c")).isEqualTo(TaskState.QUEUED);
  }

  /** A run held in memory: task instances whose states the test sets and the planner changes. */
  private static final class Run {
    private final Map<String, TaskInstance> byTask = new HashMap<>();
    private final List<String> order = new ArrayList<>();

    Run(DagStructure dag) {
      long id = 1;
      for (var node : dag.tasks()) {
        byTask.put(node.taskId(), instance(id++, node.taskId(), TaskState.NONE));
        order.add(node.taskId());
      }
    }

    void set(String taskId, TaskState state) {
      TaskInstance ti = byTask.get(taskId);
      byTask.put(taskId, instance(ti.id(), taskId, state));
    }

    void apply(List<TaskChange> changes) {
      for (TaskChange c : changes) {
        byTask.values().stream()
            .filter(ti -> ti.id() == c.taskInstanceId())
            .findFirst()
            .ifPresent(ti -> set(ti.taskId(), c.to()));
      }
    }

    TaskState state(String taskId) {
      return byTask.get(taskId).state();
    }

    List<TaskInstance> instances() {
      return order.stream().map(byTask::get).toList();
    }

    private static TaskInstance instance(long id, String taskId, TaskState state) {
      return aTaskInstance(taskId).id(id).dagId("d").state(state).build();
    }
  }
}
