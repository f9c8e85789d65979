package io.updraft.sql;

import static io.updraft.core.testdata.DagStructureBuilder.aDag;
import static io.updraft.core.testdata.TaskChangeBuilder.aChange;
import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE_HISTORY;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunStart;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs to start and hand over in the tests of {@code updraft_start_runs} and {@code
 * updraft_hand_over}: DAGs written in short form, running tasks, their rows and history.
 */
final class HandOverRuns {
  private final MigratedDatabase postgres;

  HandOverRuns(MigratedDatabase postgres) {
    this.postgres = postgres;
  }

  Optional<HandedOver> start(
      DagRun run, int maxActiveRuns, int maxActiveTasks, List<String> roots, Instant at) {
    return Optional.ofNullable(
        postgres
            .runs()
            .startRuns(List.of(new RunStart(run, maxActiveRuns, maxActiveTasks, roots)), at)
            .get(run.id()));
  }

  /** Tasks as "id" or "id<up1,up2"; all in {@code pool} but the first, in the default pool. */
  DagStructure dag(String dagId, String pool, int maxActiveTasks, String... specs) {
    List<TaskNode> tasks = new ArrayList<>();
    for (String spec : specs) {
      String[] parts = spec.split("<");
      List<String> upstream = parts.length == 1 ? List.of() : List.of(parts[1].split(","));
      tasks.add(
          new TaskNode(
              parts[0],
              "bash",
              upstream,
              0,
              0,
              "default",
              tasks.isEmpty() ? "default_pool" : pool,
              1,
              Map.of("bash_command", "true")));
    }
    DagStructure structure =
        aDag(dagId)
            .description("hand-over test")
            .startDate(T0)
            .tasks(tasks)
            .maxActiveTasks(maxActiveTasks)
            .build();
    new PostgresDagStore(postgres.database()).save(structure, T0);
    return structure;
  }

  DagRun runningRun(DagStructure dag) {
    DagRun run =
        postgres.runs().createRun(NewDagRun.manual(dag.dagId(), T0, Map.of()), dag).orElseThrow();
    assertThat(start(run, 16, 16, List.of(), T0)).isPresent();
    return postgres.runs().findRun(run.id()).orElseThrow();
  }

  TaskInstance running(DagRun run, String taskId) {
    TaskInstance ti = ti(run, taskId);
    postgres
        .runs()
        .applyAll(
            List.of(
                TaskChange.of(ti, TaskState.QUEUED, T0),
                aChange(ti.id(), 1)
                    .from(TaskState.QUEUED)
                    .to(TaskState.RUNNING)
                    .at(T0)
                    .worker("w0")
                    .build()));
    assertThat(ti(run, taskId).state()).isEqualTo(TaskState.RUNNING);
    return ti;
  }

  TaskInstance ti(DagRun run, String taskId) {
    return postgres.runs().taskInstances(run.id()).stream()
        .filter(t -> t.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  List<String> history(long taskInstanceId) {
    return postgres
        .database()
        .dsl()
        .select(TASK_INSTANCE_HISTORY.FROM_STATE, TASK_INSTANCE_HISTORY.TO_STATE)
        .from(TASK_INSTANCE_HISTORY)
        .where(TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID.eq(taskInstanceId))
        .orderBy(TASK_INSTANCE_HISTORY.ID)
        .fetch(r -> r.value1() + "->" + r.value2());
  }
}
