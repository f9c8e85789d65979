package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TriggerRule;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TestDatabase;
import io.updraft.worker.Worker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Trigger rules, branching, short circuits and retries, from trigger to the run's end. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TriggerRulesEndToEndTest {
  private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();

  private static final Dag BRANCHING =
      Dag.builder("e2e_branching")
          .task(Task.branch("choose", ctx -> List.of("small")))
          .task(Task.java("small", ctx -> "small").after("choose"))
          .task(Task.java("large", ctx -> "large").after("choose"))
          .task(Task.java("large_2", ctx -> "large").after("large"))
          .task(
              Task.java("join", ctx -> "joined")
                  .after("small", "large_2")
                  .triggerRule(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS))
          .build();

  private static final Dag SHORT_CIRCUIT =
      Dag.builder("e2e_short_circuit")
          .task(Task.shortCircuit("is_weekday", ctx -> false))
          .task(Task.java("work", ctx -> "worked").after("is_weekday"))
          .task(Task.java("always", ctx -> "ran").after("work").triggerRule(TriggerRule.ALL_DONE))
          .build();

  private static final Dag CLEANUP =
      Dag.builder("e2e_cleanup")
          .task(Task.bash("breaks", "exit 1"))
          .task(Task.java("next", ctx -> "never").after("breaks"))
          .task(
              Task.java("cleanup", ctx -> "cleaned")
                  .after("next")
                  .triggerRule(TriggerRule.ALL_DONE))
          .task(
              Task.java("alert", ctx -> "alerted")
                  .after("breaks")
                  .triggerRule(TriggerRule.ONE_FAILED))
          .build();

  private static final Dag RETRYING =
      Dag.builder("e2e_retrying")
          .task(
              Task.java(
                      "flaky",
                      ctx -> {
                        if (FLAKY_CALLS.incrementAndGet() < 3) {
                          throw new IllegalStateException("not yet");
                        }
                        return "finally";
                      })
                  .retries(3)
                  .retryDelay(Duration.ofMillis(200))
                  .retryExponentialBackoff(true))
          .build();

  private Backends backends;
  private TestRuns runs;
  private SchedulerService scheduler;
  private Worker worker;
  private TestDatabase db;

  @BeforeEach
  void start() throws Exception {
    db = PostgresExtension.database();
    backends = TestRuns.openBackends();
    runs = new TestRuns(backends);
    DagBag dags = DagBag.of(BRANCHING, SHORT_CIRCUIT, CLEANUP, RETRYING);
    scheduler = Processes.scheduler(backends, dags);
    scheduler.start();
    worker = Processes.worker(backends, dags, "rules-worker", List.of("default"), 4);
    worker.start();
  }

  @AfterEach
  void stop() {
    worker.close();
    scheduler.close();
    backends.close();
  }

  @Test
  void a_branch_runs_the_chosen_path_skips_the_other_and_joins() {
    DagRun done = runs.awaitEnd(runs.trigger(BRANCHING));

    assertThat(done.state()).isEqualTo(RunState.SUCCESS);
    assertThat(runs.states(done))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "choose", TaskState.SUCCESS,
                "small", TaskState.SUCCESS,
                "large", TaskState.SKIPPED,
                "large_2", TaskState.SKIPPED,
                "join", TaskState.SUCCESS));
  }

  @Test
  void a_false_short_circuit_skips_everything_downstream_and_the_run_succeeds() {
    DagRun done = runs.awaitEnd(runs.trigger(SHORT_CIRCUIT));

    assertThat(done.state()).isEqualTo(RunState.SUCCESS);
    assertThat(runs.states(done))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "is_weekday", TaskState.SUCCESS,
                "work", TaskState.SKIPPED,
                "always", TaskState.SKIPPED));
  }

  @Test
  void all_done_and_one_failed_tasks_run_after_a_failure() {
    DagRun done = runs.awaitEnd(runs.trigger(CLEANUP));

    assertThat(done.state()).isEqualTo(RunState.FAILED);
    assertThat(runs.states(done))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "breaks", TaskState.FAILED,
                "next", TaskState.UPSTREAM_FAILED,
                "cleanup", TaskState.SUCCESS,
                "alert", TaskState.SUCCESS));
  }

  @Test
  void a_flaky_task_is_retried_with_a_growing_delay_until_it_succeeds() throws Exception {
    FLAKY_CALLS.set(0);
    DagRun done = runs.awaitEnd(runs.trigger(RETRYING));

    assertThat(done.state()).isEqualTo(RunState.SUCCESS);
    TaskInstance flaky = backends.runs.taskInstances(done.id()).getFirst();
    assertThat(flaky.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(flaky.tryNumber()).isEqualTo(3);
    List<Instant> failedAt = changedAt(flaky.id(), "up_for_retry");
    List<Instant> requeuedAt = changedAt(flaky.id(), "queued");
    assertThat(failedAt).hasSize(2);
    assertThat(requeuedAt).hasSize(3);
    // Backoff: 200 ms after the first failure, 400 ms after the second.
    assertThat(Duration.between(failedAt.get(0), requeuedAt.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(Duration.between(failedAt.get(1), requeuedAt.get(2)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  private List<Instant> changedAt(long taskInstanceId, String toState) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement ps =
            c.prepareStatement(
                "select changed_at from task_instance_history"
                    + " where task_instance_id = ? and to_state = ? order by id")) {
      ps.setLong(1, taskInstanceId);
      ps.setString(2, toState);
      List<Instant> times = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp t = rs.getTimestamp(1);
          times.add(t.toInstant());
        }
      }
      return times;
    }
  }
}
