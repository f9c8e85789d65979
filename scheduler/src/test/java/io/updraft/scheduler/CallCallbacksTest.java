package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.RunCallbackContext;
import io.updraft.core.dag.Task;
import io.updraft.core.run.CallbackRequests;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.sql.PostgresCallbackRequests;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The callback outbox on real PostgreSQL, through DAG run callbacks: the change that finishes a run
 * writes the request, the duty runs the DAG's callback once, outside that change, however many
 * schedulers look, and a throwing callback is recorded and never tried again while the others go
 * on.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class CallCallbacksTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Clock NOW = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);

  private final Queue<RunCallbackContext> calls = new ConcurrentLinkedQueue<>();
  private TestBackends backends;

  @BeforeEach
  void open() {
    backends = new TestBackends(NOW);
  }

  @AfterEach
  void close() {
    backends.close();
  }

  private CallCallbacks duty(Dag... dags) {
    return duty("test-scheduler", NOW, dags);
  }

  private CallCallbacks duty(String owner, Clock clock, Dag... dags) {
    return new CallCallbacks(
            new PostgresCallbackRequests(backends.database.dataSource()), clock, owner)
        .handling(
            CallbackRequests.RUN_FINISHED,
            new CallRunFinishedCallbacks(
                backends.runs, DagSource.of(DagBag.of(dags)), CallbackConnections.NONE));
  }

  private DagRun finished(Dag dag, String failedTask, RunState state) {
    backends.dags.save(dag.structure(), T0);
    DagRun run =
        backends
            .runs
            .createRun(NewDagRun.manual(dag.id(), T0, Map.of("who", "ops")), dag.structure())
            .orElseThrow();
    for (TaskInstance ti : backends.runs.taskInstances(run.id())) {
      TaskState to = ti.taskId().equals(failedTask) ? TaskState.FAILED : TaskState.SUCCESS;
      backends.runs.apply(TaskChange.of(ti, to, T0));
    }
    backends.runs.setRunState(run.id(), RunState.RUNNING, T0);
    backends.runs.setRunState(run.id(), state, T0.plusSeconds(30));
    return run;
  }

  private List<String> errors() throws Exception {
    List<String> errors = new ArrayList<>();
    try (Connection c = backends.database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select coalesce(error, '-') from callback_request order by id")) {
      while (rs.next()) {
        errors.add(rs.getString(1));
      }
    }
    return errors;
  }

  @Test
  void a_failed_run_calls_on_run_failure_once_with_its_failed_tasks() throws Exception {
    Dag dag =
        Dag.builder("run_callbacks_failing")
            .onRunFailure(calls::add)
            .onRunSuccess(run -> calls.add(run))
            .task(Task.java("extract", ctx -> 1))
            .task(Task.java("load", ctx -> 1).after("extract"))
            .build();
    DagRun run = finished(dag, "load", RunState.FAILED);
    CallCallbacks duty = duty(dag);

    assertThat(duty.runOnce()).isEqualTo(1);
    assertThat(duty.runOnce()).isZero();

    assertThat(calls).hasSize(1);
    RunCallbackContext called = calls.peek();
    assertThat(called.dagId()).isEqualTo("run_callbacks_failing");
    assertThat(called.runId()).isEqualTo(run.runId());
    assertThat(called.state()).isEqualTo(RunState.FAILED);
    assertThat(called.failedTaskIds()).containsExactly("load");
    assertThat(called.conf()).containsEntry("who", "ops");
    assertThat(called.logicalDate()).isEqualTo(T0);
    assertThat(errors()).isEmpty();
  }

  @Test
  void a_throwing_run_callback_is_recorded_and_not_tried_again_and_the_run_stays()
      throws Exception {
    Dag dag =
        Dag.builder("run_callbacks_throwing")
            .onRunSuccess(
                run -> {
                  calls.add(run);
                  throw new IllegalStateException("the pager is down");
                })
            .task(Task.java("extract", ctx -> 1))
            .build();
    DagRun run = finished(dag, null, RunState.SUCCESS);
    CallCallbacks duty = duty(dag);

    assertThat(duty.runOnce()).isEqualTo(1);
    assertThat(duty.runOnce()).isZero();

    assertThat(calls).hasSize(1);
    assertThat(backends.runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.SUCCESS);
    assertThat(errors()).singleElement().asString().contains("the pager is down");
  }

  @Test
  void a_run_of_a_dag_without_run_callbacks_is_done_with_nothing_called() throws Exception {
    Dag dag = Dag.builder("run_callbacks_none").task(Task.java("extract", ctx -> 1)).build();
    finished(dag, null, RunState.SUCCESS);

    assertThat(duty(dag).runOnce()).isZero();

    assertThat(errors()).isEmpty();
    assertThat(calls).isEmpty();
  }

  @Test
  void a_throwing_callback_does_not_stop_the_requests_after_it() throws Exception {
    Dag throwing =
        Dag.builder("run_callbacks_first_throws")
            .onRunFailure(
                run -> {
                  throw new IllegalStateException("the pager is down");
                })
            .task(Task.java("extract", ctx -> 1))
            .build();
    Dag calling =
        Dag.builder("run_callbacks_second_calls")
            .onRunSuccess(calls::add)
            .task(Task.java("extract", ctx -> 1))
            .build();
    finished(throwing, "extract", RunState.FAILED);
    DagRun second = finished(calling, null, RunState.SUCCESS);

    assertThat(duty(throwing, calling).runOnce()).isEqualTo(2);

    assertThat(calls).extracting(RunCallbackContext::runId).containsExactly(second.runId());
    assertThat(errors()).singleElement().asString().contains("the pager is down");
  }

  @Test
  void two_schedulers_calling_at_once_call_each_request_exactly_once() throws Exception {
    Queue<String> called = new ConcurrentLinkedQueue<>();
    List<Dag> dags = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Dag dag =
          Dag.builder("run_callbacks_raced_" + i)
              .onRunSuccess(run -> called.add(run.dagId()))
              .task(Task.java("extract", ctx -> 1))
              .build();
      dags.add(dag);
      finished(dag, null, RunState.SUCCESS);
    }
    Dag[] all = dags.toArray(Dag[]::new);
    CallCallbacks one = duty("scheduler-1", NOW, all);
    CallCallbacks other = duty("scheduler-2", NOW, all);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> counts = new ArrayList<>();
      for (CallCallbacks duty : List.of(one, other)) {
        counts.add(
            both.submit(
                () -> {
                  start.await();
                  int total = 0;
                  for (int n = duty.runOnce(); n > 0; n = duty.runOnce()) {
                    total += n;
                  }
                  return total;
                }));
      }
      start.countDown();
      assertThat(counts.get(0).get() + counts.get(1).get()).isEqualTo(12);
    } finally {
      both.shutdownNow();
    }

    assertThat(called).hasSize(12).doesNotHaveDuplicates();
    assertThat(errors()).isEmpty();
  }

  @Test
  void a_request_claimed_by_schedulers_that_kept_dying_is_kept_as_failed_not_tried_forever()
      throws Exception {
    Dag dag =
        Dag.builder("run_callbacks_crashing")
            .onRunSuccess(calls::add)
            .task(Task.java("extract", ctx -> 1))
            .build();
    finished(dag, null, RunState.SUCCESS);
    PostgresCallbackRequests requests =
        new PostgresCallbackRequests(backends.database.dataSource());
    Instant at = NOW.instant();
    for (int attempt = 1; attempt <= CallCallbacks.MAX_ATTEMPTS; attempt++) {
      // Each claiming scheduler dies before the callback returns.
      assertThat(
              requests.claim(
                  Set.of(CallbackRequests.RUN_FINISHED),
                  "scheduler-" + attempt,
                  10,
                  at,
                  CallCallbacks.STALE_AFTER,
                  CallCallbacks.MAX_ATTEMPTS))
          .singleElement()
          .extracting(CallbackRequests.Request::attempt)
          .isEqualTo(attempt);
      at = at.plus(CallCallbacks.STALE_AFTER).plusSeconds(1);
    }

    assertThat(duty("scheduler-last", Clock.fixed(at, ZoneOffset.UTC), dag).runOnce()).isZero();

    assertThat(calls).isEmpty();
    assertThat(errors()).singleElement().asString().contains("claimed 3 times");
  }
}
