package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskCallbacks;
import io.updraft.core.hook.Hook;
import io.updraft.core.run.CallbackRequests;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.sql.PostgresCallbackRequests;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The task callbacks of tries the scheduler ends itself: a reaped zombie's onFailure (or onRetry
 * when it has tries left) is asked for in the transaction that ends the try, and called once by the
 * callback duty with the try's identity and why it ended; a try whose worker finished first asks
 * for nothing.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SchedulerEndedTaskCallbacksTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Clock NOW = Clock.fixed(T0.plusSeconds(120), ZoneOffset.UTC);

  private final Queue<String> calls = new ConcurrentLinkedQueue<>();
  private TestBackends backends;
  private Dag dag;

  @BeforeEach
  void open() {
    backends = new TestBackends(NOW);
    dag =
        Dag.builder("zombie_callbacks")
            // The DAG's default is the failure callback of a task without one of its own.
            .defaultCallbacks(
                TaskCallbacks.NONE.withOnFailure(
                    ctx ->
                        calls.add(
                            "failure "
                                + ctx.render("{{ task_id }} try {{ try_number }} of {{ run_id }}")
                                + ": "
                                + ctx.endedByScheduler().orElse("-"))))
            .task(
                Task.java("retried", ctx -> 1)
                    .retries(2)
                    .onRetry(ctx -> calls.add("retry " + ctx.taskId() + " try " + ctx.tryNumber())))
            .task(Task.java("last_try", ctx -> 1))
            .task(Task.java("finished_meanwhile", ctx -> 1))
            .task(
                Task.java("needs_a_hook", ctx -> 1).onFailure(ctx -> ctx.hook("pager", Hook.class)))
            .build();
    backends.dags.save(dag.structure(), T0);
  }

  @AfterEach
  void close() {
    backends.close();
  }

  private CallCallbacks duty(String owner) {
    return new CallCallbacks(
            new PostgresCallbackRequests(backends.database.dataSource()), NOW, owner)
        .handling(
            CallbackRequests.TASK_FAILED_BY_SCHEDULER,
            new CallSchedulerEndedTaskCallbacks(
                backends.runs, DagSource.of(DagBag.of(dag)), CallbackConnections.NONE));
  }

  private TaskInstance task(DagRun run, String taskId) {
    return backends.runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  private void running(DagRun run, String taskId) {
    TaskInstance ti = task(run, taskId);
    backends.runs.apply(TaskChange.of(ti, TaskState.QUEUED, T0));
    backends.runs.apply(TaskChange.claim(ti.id(), 1, "w1", T0));
  }

  private List<String> requests() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = backends.database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select kind, payload->>'state', coalesce(error, '-') from callback_request"
                    + " where kind <> 'run_finished' order by id")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
      }
    }
    return rows;
  }

  @Test
  void a_reaped_zombies_failure_or_retry_callback_is_called_once_with_why_it_ended()
      throws Exception {
    DagRun run =
        backends
            .runs
            .createRun(NewDagRun.manual(dag.id(), T0, Map.of()), dag.structure())
            .orElseThrow();
    running(run, "retried");
    running(run, "last_try");
    running(run, "finished_meanwhile");
    // Its worker was only slow: it records the success before the reaper's fenced change.
    backends.runs.apply(
        TaskChange.outcome(
            task(run, "finished_meanwhile").id(), 1, TaskState.SUCCESS, NOW.instant(), null));
    ReapZombies reaper =
        new ReapZombies(backends.runs, backends.dags, backends.events, NOW, Duration.ofSeconds(60));

    assertThat(reaper.runOnce()).isEqualTo(2);
    assertThat(requests())
        .containsExactlyInAnyOrder(
            "task_failed_by_scheduler up_for_retry -", "task_failed_by_scheduler failed -");
    assertThat(calls).isEmpty();

    assertThat(duty("scheduler-1").runOnce()).isEqualTo(2);
    assertThat(duty("scheduler-2").runOnce()).isZero();

    assertThat(calls)
        .containsExactlyInAnyOrder(
            "retry retried try 1",
            "failure last_try try 1 of " + run.runId() + ": " + ReapZombies.REASON);
    assertThat(requests()).isEmpty();
    assertThat(task(run, "finished_meanwhile").state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  void a_zombies_failing_callback_is_kept_with_its_error_and_the_try_stays_failed()
      throws Exception {
    DagRun run =
        backends
            .runs
            .createRun(NewDagRun.manual(dag.id(), T0, Map.of()), dag.structure())
            .orElseThrow();
    running(run, "needs_a_hook");

    new ReapZombies(backends.runs, backends.dags, backends.events, NOW, Duration.ofSeconds(60))
        .runOnce();
    assertThat(duty("scheduler-1").runOnce()).isEqualTo(1);

    assertThat(requests())
        .singleElement()
        .asString()
        .startsWith("task_failed_by_scheduler failed ")
        .contains("'pager' cannot be found");
    assertThat(task(run, "needs_a_hook").state()).isEqualTo(TaskState.FAILED);
  }
}
