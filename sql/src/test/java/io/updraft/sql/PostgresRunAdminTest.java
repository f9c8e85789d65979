package io.updraft.sql;

import static io.updraft.core.testdata.TaskChangeBuilder.aChange;
import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.Fixtures.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clearing and marking by hand: the one path the CLI and the API share. */
@ExtendWith(PostgresExtension.class)
class PostgresRunAdminTest {
  private static final Instant AT = T0.plusSeconds(60);

  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  private static DagRun run(String dagId, String... tasks) {
    DagStructure dag = dag(dagId, tasks);
    new PostgresDagStore(postgres.database()).save(dag, T0);
    return postgres.runs().createRun(NewDagRun.manual(dagId, T0, Map.of()), dag).orElseThrow();
  }

  private static TaskInstance ti(DagRun run, String taskId) {
    return postgres.runs().taskInstances(run.id()).stream()
        .filter(t -> t.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  /** Moves a task along the given states, each change fenced as a worker's would be. */
  private static void walk(DagRun run, String taskId, TaskState... states) {
    for (TaskState to : states) {
      TaskInstance now = ti(run, taskId);
      postgres
          .runs()
          .applyAll(
              List.of(
                  aChange(now.id(), now.tryNumber())
                      .from(now.state())
                      .to(to)
                      .at(T0)
                      .worker(to == TaskState.RUNNING ? "w" : null)
                      .build()));
    }
  }

  @Test
  void marking_a_run_failed_fails_its_running_tasks_and_skips_the_other_unfinished_ones() {
    DagRun run = run("admin_fail", "done", "busy", "waiting", "later");
    walk(run, "done", TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCESS);
    walk(run, "busy", TaskState.QUEUED, TaskState.RUNNING);
    walk(run, "waiting", TaskState.QUEUED);

    postgres.admin().markRun(run.id(), RunState.FAILED, AT);

    assertThat(ti(run, "done").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(ti(run, "busy").state()).isEqualTo(TaskState.FAILED);
    assertThat(ti(run, "waiting").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(ti(run, "later").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(postgres.runs().findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void marking_a_task_of_an_ended_run_queues_the_run_again_to_be_planned() {
    DagRun run = run("admin_reopen", "first", "second");
    walk(run, "first", TaskState.QUEUED, TaskState.RUNNING, TaskState.FAILED);
    walk(run, "second", TaskState.UPSTREAM_FAILED);
    postgres.runs().setRunState(run.id(), RunState.FAILED, T0);

    assertThat(postgres.admin().markTask(ti(run, "first").id(), TaskState.SUCCESS, AT)).isTrue();
    assertThat(postgres.admin().markTask(ti(run, "first").id(), TaskState.SUCCESS, AT))
        .as("already success")
        .isFalse();

    assertThat(ti(run, "first").state()).isEqualTo(TaskState.SUCCESS);
    DagRun reopened = postgres.runs().findRun(run.id()).orElseThrow();
    assertThat(reopened.state()).isEqualTo(RunState.QUEUED);
    assertThat(reopened.endDate()).isNull();
  }

  @Test
  void clearing_leaves_a_running_task_alone_and_gives_the_others_a_new_try() {
    DagRun run = run("admin_clear", "ran", "busy");
    walk(run, "ran", TaskState.QUEUED, TaskState.RUNNING, TaskState.FAILED);
    walk(run, "busy", TaskState.QUEUED, TaskState.RUNNING);

    List<String> cleared = postgres.admin().clear(run.id(), List.of(), AT);

    assertThat(cleared).containsExactly("ran");
    assertThat(ti(run, "ran").state()).isEqualTo(TaskState.NONE);
    assertThat(ti(run, "ran").tryNumber()).isEqualTo(2);
    assertThat(ti(run, "busy").state()).isEqualTo(TaskState.RUNNING);
    assertThat(postgres.runs().findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.QUEUED);
  }

  /** A try that fails and is put up for retry, then the next try queued, as the planner would. */
  private static void failAndRetry(DagRun run, String taskId) {
    walk(run, taskId, TaskState.QUEUED, TaskState.RUNNING, TaskState.UP_FOR_RETRY);
    TaskInstance waiting = ti(run, taskId);
    postgres
        .runs()
        .applyAll(
            List.of(
                aChange(waiting.id(), waiting.tryNumber())
                    .from(TaskState.UP_FOR_RETRY)
                    .to(TaskState.QUEUED)
                    .at(T0)
                    .startingNextTry()
                    .build()));
  }

  @Test
  void clearing_a_task_gives_it_its_retries_again_counted_from_its_new_try_each_time() {
    DagRun run = run("admin_clear_again", "flaky");
    failAndRetry(run, "flaky");
    walk(run, "flaky", TaskState.RUNNING, TaskState.FAILED);

    postgres.admin().clear(run.id(), List.of("flaky"), AT);
    assertThat(ti(run, "flaky").tryNumber()).isEqualTo(3);
    assertThat(ti(run, "flaky").maxTries()).as("try 3 and its one retry").isEqualTo(4);

    walk(run, "flaky", TaskState.QUEUED, TaskState.RUNNING, TaskState.FAILED);
    postgres.admin().clear(run.id(), List.of("flaky"), AT);
    assertThat(ti(run, "flaky").tryNumber()).isEqualTo(4);
    assertThat(ti(run, "flaky").maxTries()).as("try 4 and its one retry").isEqualTo(5);
  }

  @Test
  void clearing_a_task_gone_from_the_dag_gives_it_one_more_try_and_no_new_retries() {
    DagRun run = run("admin_clear_gone", "kept", "gone");
    failAndRetry(run, "gone");
    walk(run, "gone", TaskState.RUNNING, TaskState.FAILED);
    new PostgresDagStore(postgres.database()).save(dag("admin_clear_gone", "kept"), AT);

    postgres.admin().clear(run.id(), List.of("gone"), AT);

    // As Airflow does when the task is not in the DAG: its retries are unknown, so max_tries
    // stays as it was, raised only so that the new try may run.
    assertThat(ti(run, "gone").tryNumber()).isEqualTo(3);
    assertThat(ti(run, "gone").maxTries()).isEqualTo(3);
  }
}
