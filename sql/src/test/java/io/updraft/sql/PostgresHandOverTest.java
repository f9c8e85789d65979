package io.updraft.sql;

import static io.updraft.core.testdata.DagStructureBuilder.aDag;
import static io.updraft.core.testdata.TaskChangeBuilder.aChange;
import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE_HISTORY;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.HandOver;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunStart;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.time.Instant;
import java.util.ArrayList;
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

  @Test
  void a_success_queues_its_downstream_task_and_the_worker_claims_it_in_the_same_commit() {
    DagRun run = runningRun(dag("hand_chain", "default_pool", 16, "a", "b<a", "c<b"));
    TaskInstance a = running(run, "a");

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
    TaskInstance b = ti(run, "b");
    assertThat(b.state()).isEqualTo(TaskState.RUNNING);
    assertThat(b.worker()).isEqualTo("w1");
    assertThat(b.tryNumber()).isEqualTo(1);
    assertThat(b.queuedAt()).isEqualTo(AT);
    assertThat(b.startDate()).isEqualTo(AT);
    assertThat(history(b.id())).containsExactly("none->queued", "queued->running");
    TaskInstance aAfter = ti(run, "a");
    assertThat(aAfter.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(aAfter.endDate()).isEqualTo(AT);
    assertThat(history(a.id())).endsWith("running->success");
    assertThat(postgres.logs().read(a.id(), 1)).containsExactly("done", "bye");
    assertThat(ti(run, "c").state()).isEqualTo(TaskState.NONE);
  }

  @Test
  void an_outcome_whose_fence_does_not_match_changes_nothing() {
    DagRun run = runningRun(dag("hand_missed", "default_pool", 16, "a", "b<a"));
    TaskInstance a = running(run, "a");
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
    assertThat(ti(run, "a").state()).isEqualTo(TaskState.RUNNING);
    assertThat(ti(run, "b").state()).isEqualTo(TaskState.NONE);
    assertThat(history(ti(run, "b").id())).isEmpty();
    assertThat(postgres.logs().read(a.id(), 2)).isEmpty();
  }

  @Test
  void a_join_is_queued_by_the_last_of_its_upstream_tasks_to_succeed() {
    DagRun run = runningRun(dag("hand_join", "default_pool", 16, "x", "y", "z<x,y"));
    TaskInstance x = running(run, "x");
    TaskInstance y = running(run, "y");
    Map<String, List<String>> join = Map.of("z", List.of("x", "y"));

    HandedOver first =
        postgres.runs().handOver(handOver(run, x, join, null, Set.of())).orElseThrow();
    assertThat(first.waiting()).isEqualTo(1);
    assertThat(first.queued()).isEmpty();
    assertThat(ti(run, "z").state()).isEqualTo(TaskState.NONE);

    HandedOver second =
        postgres.runs().handOver(handOver(run, y, join, null, Set.of())).orElseThrow();
    assertThat(second.waiting()).isZero();
    assertThat(second.taken()).isEmpty();
    assertThat(second.queued()).extracting(TaskInstance::taskId).containsExactly("z");
    assertThat(ti(run, "z").state()).isEqualTo(TaskState.QUEUED);
  }

  @Test
  void two_upstream_tasks_ending_at_once_queue_their_join_exactly_once() throws Exception {
    DagStructure dag = dag("hand_race", "default_pool", 64, "x", "y", "z<x,y");
    Map<String, List<String>> join = Map.of("z", List.of("x", "y"));
    for (int round = 0; round < 20; round++) {
      DagRun run =
          postgres
              .runs()
              .createRun(NewDagRun.manual(dag.dagId(), T0.plusSeconds(round), Map.of()), dag)
              .orElseThrow();
      assertThat(start(run, 64, 64, List.of(), T0)).isPresent();
      TaskInstance x = running(run, "x");
      TaskInstance y = running(run, "y");
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
      assertThat(ti(run, "z").state()).isEqualTo(TaskState.QUEUED);
      assertThat(history(ti(run, "z").id())).containsExactly("none->queued");
    }
  }

  @Test
  void a_ready_task_without_a_free_slot_in_its_pool_waits_as_scheduled() {
    new PostgresPoolStore(postgres.database()).create("hand_one_slot", 1, "one slot");
    DagRun run = runningRun(dag("hand_pool", "hand_one_slot", 16, "a", "b<a", "other"));
    TaskInstance a = running(run, "a");
    running(run, "other"); // holds the pool's one slot; a is in the default pool

    HandedOver done =
        postgres
            .runs()
            .handOver(handOver(run, a, Map.of("b", List.of("a")), "w1", Set.of("b")))
            .orElseThrow();

    assertThat(done.taken()).isEmpty();
    assertThat(done.queued()).isEmpty();
    assertThat(ti(run, "b").state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(history(ti(run, "b").id())).containsExactly("none->scheduled");
  }

  @Test
  void a_dag_at_its_max_active_tasks_leaves_the_ready_task_scheduled() {
    DagRun run = runningRun(dag("hand_limit", "default_pool", 2, "a", "b<a", "c<a", "busy"));
    TaskInstance a = running(run, "a");
    running(run, "busy");
    Map<String, List<String>> fan = new LinkedHashMap<>();
    fan.put("b", List.of("a"));
    fan.put("c", List.of("a"));

    HandedOver done =
        postgres.runs().handOver(handOver(run, a, fan, "w1", Set.of("b", "c"))).orElseThrow();

    // a's end frees one of the two: one of b and c runs, the other waits.
    assertThat(done.taken()).isPresent();
    List<TaskState> states = List.of(ti(run, "b").state(), ti(run, "c").state());
    assertThat(states).containsExactlyInAnyOrder(TaskState.RUNNING, TaskState.SCHEDULED);
  }

  @Test
  void a_run_no_longer_running_records_the_outcome_and_queues_nothing() {
    DagRun run = runningRun(dag("hand_marked", "default_pool", 16, "a", "b<a"));
    TaskInstance a = running(run, "a");
    postgres.runs().markRun(run.id(), RunState.FAILED, AT);

    HandedOver done =
        postgres
            .runs()
            .handOver(handOver(run, a, Map.of("b", List.of("a")), "w1", Set.of("b")))
            .orElseThrow();

    assertThat(done.taken()).isEmpty();
    assertThat(done.queued()).isEmpty();
    assertThat(ti(run, "a").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(ti(run, "b").state()).isEqualTo(TaskState.NONE);
  }

  @Test
  void starting_a_run_queues_its_root_tasks_in_the_same_commit() {
    DagStructure dag = dag("start_roots", "default_pool", 16, "a", "b", "c<a,b");
    DagRun run =
        postgres.runs().createRun(NewDagRun.manual(dag.dagId(), T0, Map.of()), dag).orElseThrow();

    HandedOver started = start(run, 16, 16, List.of("a", "b"), AT).orElseThrow();

    assertThat(postgres.runs().findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    assertThat(postgres.runs().findRun(run.id()).orElseThrow().startDate()).isEqualTo(AT);
    assertThat(started.queued()).extracting(TaskInstance::taskId).containsExactly("a", "b");
    assertThat(started.waiting()).isZero();
    assertThat(ti(run, "a").state()).isEqualTo(TaskState.QUEUED);
    assertThat(ti(run, "c").state()).isEqualTo(TaskState.NONE);
    assertThat(history(ti(run, "a").id())).containsExactly("none->queued");
  }

  @Test
  void a_run_beyond_max_active_runs_stays_queued_with_its_tasks_untouched() {
    DagStructure dag = dag("start_limited", "default_pool", 16, "a");
    DagRun first =
        postgres.runs().createRun(NewDagRun.manual(dag.dagId(), T0, Map.of()), dag).orElseThrow();
    DagRun second =
        postgres
            .runs()
            .createRun(NewDagRun.manual(dag.dagId(), T0.plusSeconds(1), Map.of()), dag)
            .orElseThrow();
    assertThat(start(first, 1, 16, List.of("a"), AT)).isPresent();

    assertThat(start(second, 1, 16, List.of("a"), AT)).isEmpty();
    assertThat(start(first, 1, 16, List.of("a"), AT)).as("started once").isEmpty();

    assertThat(postgres.runs().findRun(second.id()).orElseThrow().state())
        .isEqualTo(RunState.QUEUED);
    assertThat(ti(second, "a").state()).isEqualTo(TaskState.NONE);
  }

  @Test
  void runs_started_together_each_queue_their_roots_within_max_active_runs() {
    DagStructure dag = dag("start_together", "default_pool", 16, "a", "b<a");
    List<DagRun> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      created.add(
          postgres
              .runs()
              .createRun(NewDagRun.manual(dag.dagId(), T0.plusSeconds(i), Map.of()), dag)
              .orElseThrow());
    }

    Map<Long, HandedOver> started =
        postgres
            .runs()
            .startRuns(
                created.stream().map(r -> new RunStart(r, 2, 16, List.of("a"))).toList(), AT);

    assertThat(started).containsOnlyKeys(created.get(0).id(), created.get(1).id());
    assertThat(started.values())
        .allSatisfy(
            h -> assertThat(h.queued()).extracting(TaskInstance::taskId).containsExactly("a"));
    assertThat(started.get(created.get(1).id()).queued().getFirst().runId())
        .isEqualTo(created.get(1).runId());
    assertThat(postgres.runs().findRun(created.get(2).id()).orElseThrow().state())
        .isEqualTo(RunState.QUEUED);
    assertThat(ti(created.get(2), "a").state()).isEqualTo(TaskState.NONE);
  }

  @Test
  void a_cleared_run_queued_again_reports_the_roots_that_are_not_in_state_none() {
    DagStructure dag = dag("start_cleared", "default_pool", 16, "a", "b<a");
    DagRun run = runningRun(dag);
    TaskInstance a = running(run, "a");
    postgres
        .runs()
        .apply(aChange(a.id(), 1).from(TaskState.RUNNING).to(TaskState.SUCCESS).at(AT).build());
    postgres.runs().markRun(run.id(), RunState.QUEUED, AT);

    HandedOver started =
        start(postgres.runs().findRun(run.id()).orElseThrow(), 16, 16, List.of("a"), AT)
            .orElseThrow();

    assertThat(started.waiting()).isEqualTo(1);
    assertThat(started.queued()).isEmpty();
  }

  private static Optional<HandedOver> start(
      DagRun run, int maxActiveRuns, int maxActiveTasks, List<String> roots, Instant at) {
    return Optional.ofNullable(
        postgres
            .runs()
            .startRuns(List.of(new RunStart(run, maxActiveRuns, maxActiveTasks, roots)), at)
            .get(run.id()));
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

  /** Tasks as "id" or "id<up1,up2"; all in {@code pool} but the first, in the default pool. */
  private static DagStructure dag(String dagId, String pool, int maxActiveTasks, String... specs) {
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

  private static DagRun runningRun(DagStructure dag) {
    DagRun run =
        postgres.runs().createRun(NewDagRun.manual(dag.dagId(), T0, Map.of()), dag).orElseThrow();
    assertThat(start(run, 16, 16, List.of(), T0)).isPresent();
    return postgres.runs().findRun(run.id()).orElseThrow();
  }

  private static TaskInstance running(DagRun run, String taskId) {
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

  private static TaskInstance ti(DagRun run, String taskId) {
    return postgres.runs().taskInstances(run.id()).stream()
        .filter(t -> t.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> history(long taskInstanceId) {
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
