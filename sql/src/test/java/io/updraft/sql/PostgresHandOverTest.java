package io.updraft.sql;

import static io.updraft.core.testdata.TaskChangeBuilder.aChange;
import static io.updraft.sql.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.HandOver;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A success and what it makes ready in one call of {@code updraft_hand_over}. */
@ExtendWith(PostgresExtension.class)
class PostgresHandOverTest {
  private static final Instant AT = T0.plusSeconds(30);

  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  private static final HandOverRuns fx = new HandOverRuns(postgres);

  @Test
  void a_success_queues_its_downstream_task_and_the_worker_claims_it_in_the_same_commit() {
    DagRun run = fx.runningRun(fx.dag("hand_chain", "default_pool", 16, "a", "b<a", "c<b"));
    TaskInstance a = fx.running(run, "a");

    HandedOver done =
        postgres
            .runs()
            .handOver(handOver(run, a, Map.of("b", List.of("a")), "w1", Set.of("b")))
            .orElseThrow();

    assertThat(done.queued()).isEmpty();
    assertThat(done.waiting()).isZero();
    TaskInstance taken = done.taken().orElseThrow();
    assertThat(taken.taskId()).isEqualTo("b");
    assertThat(taken.state()).isEqualTo(TaskState.RUNNING);
    assertThat(taken.dagId()).isEqualTo("hand_chain");
    assertThat(taken.runId()).isEqualTo(run.runId());
    TaskInstance b = fx.ti(run, "b");
    assertThat(b.state()).isEqualTo(TaskState.RUNNING);
    assertThat(b.worker()).isEqualTo("w1");
    assertThat(b.tryNumber()).isEqualTo(1);
    assertThat(b.queuedAt()).isEqualTo(AT);
    assertThat(b.startDate()).isEqualTo(AT);
    assertThat(fx.history(b.id())).containsExactly("none->queued", "queued->running");
    TaskInstance aAfter = fx.ti(run, "a");
    assertThat(aAfter.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(aAfter.endDate()).isEqualTo(AT);
    assertThat(fx.history(a.id())).endsWith("running->success");
    assertThat(postgres.logs().read(a.id(), 1)).containsExactly("done", "bye");
    assertThat(fx.ti(run, "c").state()).isEqualTo(TaskState.NONE);
  }

  @Test
  void an_outcome_whose_fence_does_not_match_changes_nothing() {
    DagRun run = fx.runningRun(fx.dag("hand_missed", "default_pool", 16, "a", "b<a"));
    TaskInstance a = fx.running(run, "a");
    TaskChange lateTry =
        aChange(a.id(), 2).from(TaskState.RUNNING).to(TaskState.SUCCESS).at(AT).build();

    Optional<HandedOver> done =
        postgres
            .runs()
            .handOver(
                new HandOver(
                    lateTry,
                    run,
                    Map.of("b", List.of("a")),
                    16,
                    "w1",
                    Set.of("b"),
                    List.of("late line")));

    assertThat(done).isEmpty();
    assertThat(fx.ti(run, "a").state()).isEqualTo(TaskState.RUNNING);
    assertThat(fx.ti(run, "b").state()).isEqualTo(TaskState.NONE);
    assertThat(fx.history(fx.ti(run, "b").id())).isEmpty();
    assertThat(postgres.logs().read(a.id(), 2)).isEmpty();
  }

  @Test
  void a_join_is_queued_by_the_last_of_its_upstream_tasks_to_succeed() {
    DagRun run = fx.runningRun(fx.dag("hand_join", "default_pool", 16, "x", "y", "z<x,y"));
    TaskInstance x = fx.running(run, "x");
    TaskInstance y = fx.running(run, "y");
    Map<String, List<String>> join = Map.of("z", List.of("x", "y"));

    HandedOver first =
        postgres.runs().handOver(handOver(run, x, join, null, Set.of())).orElseThrow();
    assertThat(first.waiting()).isEqualTo(1);
    assertThat(first.queued()).isEmpty();
    assertThat(fx.ti(run, "z").state()).isEqualTo(TaskState.NONE);

    HandedOver second =
        postgres.runs().handOver(handOver(run, y, join, null, Set.of())).orElseThrow();
    assertThat(second.waiting()).isZero();
    assertThat(second.taken()).isEmpty();
    assertThat(second.queued()).extracting(TaskInstance::taskId).containsExactly("z");
    assertThat(fx.ti(run, "z").state()).isEqualTo(TaskState.QUEUED);
  }

  @Test
  void two_upstream_tasks_ending_at_once_queue_their_join_exactly_once() throws Exception {
    DagStructure dag = fx.dag("hand_race", "default_pool", 64, "x", "y", "z<x,y");
    Map<String, List<String>> join = Map.of("z", List.of("x", "y"));
    for (int round = 0; round < 20; round++) {
      DagRun run =
          postgres
              .runs()
              .createRun(NewDagRun.manual(dag.dagId(), T0.plusSeconds(round), Map.of()), dag)
              .orElseThrow();
      assertThat(fx.start(run, 64, 64, List.of(), T0)).isPresent();
      TaskInstance x = fx.running(run, "x");
      TaskInstance y = fx.running(run, "y");
      CyclicBarrier together = new CyclicBarrier(2);
      try (ExecutorService both = Executors.newFixedThreadPool(2)) {
        Future<HandedOver> first =
            both.submit(
                () -> {
                  together.await();
                  return postgres
                      .runs()
                      .handOver(handOver(run, x, join, null, Set.of()))
                      .orElseThrow();
                });
        Future<HandedOver> second =
            both.submit(
                () -> {
                  together.await();
                  return postgres
                      .runs()
                      .handOver(handOver(run, y, join, null, Set.of()))
                      .orElseThrow();
                });
        // Whichever committed second saw the other's success, under the DAG's lock.
        assertThat(first.get().queued().size() + second.get().queued().size()).isEqualTo(1);
      }
      assertThat(fx.ti(run, "z").state()).isEqualTo(TaskState.QUEUED);
      assertThat(fx.history(fx.ti(run, "z").id())).containsExactly("none->queued");
    }
  }

  @Test
  void a_ready_task_without_a_free_slot_in_its_pool_waits_as_scheduled() {
    new PostgresPoolStore(postgres.database()).create("hand_one_slot", 1, "one slot");
    DagRun run = fx.runningRun(fx.dag("hand_pool", "hand_one_slot", 16, "a", "b<a", "other"));
    TaskInstance a = fx.running(run, "a");
    fx.running(run, "other"); // holds the pool's one slot; a is in the default pool

    HandedOver done =
        postgres
            .runs()
            .handOver(handOver(run, a, Map.of("b", List.of("a")), "w1", Set.of("b")))
            .orElseThrow();

    assertThat(done.taken()).isEmpty();
    assertThat(done.queued()).isEmpty();
    assertThat(fx.ti(run, "b").state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(fx.history(fx.ti(run, "b").id())).containsExactly("none->scheduled");
  }

  @Test
  void a_dag_at_its_max_active_tasks_leaves_the_ready_task_scheduled() {
    DagRun run = fx.runningRun(fx.dag("hand_limit", "default_pool", 2, "a", "b<a", "c<a", "busy"));
    TaskInstance a = fx.running(run, "a");
    fx.running(run, "busy");
    Map<String, List<String>> fan = new LinkedHashMap<>();
    fan.put("b", List.of("a"));
    fan.put("c", List.of("a"));

    HandedOver done =
        postgres.runs().handOver(handOver(run, a, fan, "w1", Set.of("b", "c"))).orElseThrow();

    // a's end frees one of the two: one of b and c runs, the other waits.
    assertThat(done.taken()).isPresent();
    List<TaskState> states = List.of(fx.ti(run, "b").state(), fx.ti(run, "c").state());
    assertThat(states).containsExactlyInAnyOrder(TaskState.RUNNING, TaskState.SCHEDULED);
  }

  @Test
  void a_run_no_longer_running_records_the_outcome_and_queues_nothing() {
    DagRun run = fx.runningRun(fx.dag("hand_marked", "default_pool", 16, "a", "b<a"));
    TaskInstance a = fx.running(run, "a");
    postgres.runs().markRun(run.id(), RunState.FAILED, AT);

    HandedOver done =
        postgres
            .runs()
            .handOver(handOver(run, a, Map.of("b", List.of("a")), "w1", Set.of("b")))
            .orElseThrow();

    assertThat(done.taken()).isEmpty();
    assertThat(done.queued()).isEmpty();
    assertThat(fx.ti(run, "a").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.ti(run, "b").state()).isEqualTo(TaskState.NONE);
  }

  private static HandOver handOver(
      DagRun run,
      TaskInstance finished,
      Map<String, List<String>> downstream,
      String worker,
      Set<String> takeable) {
    return new HandOver(
        aChange(finished.id(), 1).from(TaskState.RUNNING).to(TaskState.SUCCESS).at(AT).build(),
        run,
        downstream,
        maxActive(run),
        worker,
        takeable,
        List.of("done", "bye"));
  }

  private static int maxActive(DagRun run) {
    return new PostgresDagStore(postgres.database())
        .find(run.dagId())
        .orElseThrow()
        .structure()
        .maxActiveTasks();
  }
}
