package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.plan.RunTrigger;
import io.updraft.core.queue.Delivery;
import io.updraft.core.run.CreatedRun;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.ManualClock;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A triggered run starts in the commit that creates it, its root tasks queued and pushed at once,
 * within the scheduler's rules; what cannot start waits queued for the scheduler, and what was
 * committed but not pushed still reaches a worker.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TriggerStartsRunTest {
  private static final Duration REQUEUE_AFTER = Duration.ofSeconds(60);

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T09:00:00Z"));
  private TestBackends b;
  private RunTrigger trigger;
  private EnqueueReadyTasks scheduler;

  @BeforeEach
  void open() {
    b = new TestBackends(clock);
    trigger = new RunTrigger(b.runs, b.queue, clock);
    scheduler = new EnqueueReadyTasks(b.runs, b.dags, new RunProgress(b.runs, b.queue, clock));
  }

  @AfterEach
  void close() {
    b.close();
  }

  private static DagStructure chain(String dagId, int maxActiveRuns) {
    return Dag.builder(dagId)
        .maxActiveRuns(maxActiveRuns)
        .task(Task.bash("extract", "true"))
        .task(Task.bash("load", "true").after("extract"))
        .build()
        .structure();
  }

  private DagStructure saved(DagStructure dag) {
    b.dags.save(dag, clock.instant());
    return dag;
  }

  private CreatedRun triggered(DagStructure dag) {
    clock.advance(Duration.ofSeconds(1));
    return trigger
        .trigger(NewDagRun.manual(dag.dagId(), clock.instant(), Map.of()), dag)
        .orElseThrow();
  }

  private Map<String, TaskState> states(DagRun run) {
    return b.runs.taskInstances(run.id()).stream()
        .collect(Collectors.toMap(TaskInstance::taskId, TaskInstance::state));
  }

  private List<Delivery> delivered() {
    return b.queue.reserve("test-worker", List.of("default"), 10, Duration.ofMillis(50));
  }

  @Test
  void a_triggered_run_is_running_with_its_root_task_queued_in_the_creating_commit_and_pushed() {
    DagStructure dag = saved(chain("trigger_starts", 16));

    CreatedRun created = triggered(dag);

    assertThat(created.run().state()).isEqualTo(RunState.RUNNING);
    assertThat(created.run().startDate()).isEqualTo(clock.instant());
    DagRun stored = b.runs.findRun(created.run().id()).orElseThrow();
    assertThat(created.run()).isEqualTo(stored);
    assertThat(stored.state()).isEqualTo(RunState.RUNNING);
    // The root was pushed: the other task instances are for the worker that starts it to add.
    assertThat(states(stored)).containsExactly(Map.entry("extract", TaskState.QUEUED));
    assertThat(created.started().orElseThrow().queued())
        .extracting(TaskInstance::taskId)
        .containsExactly("extract");
    assertThat(delivered())
        .extracting(d -> d.message().taskId() + "@" + d.message().runId())
        .containsExactly("extract@" + stored.runId());
  }

  @Test
  void without_a_worker_to_start_the_root_the_sweep_adds_the_other_task_instances() {
    DagStructure dag = saved(chain("trigger_rows_by_sweep", 16));
    CreatedRun created = triggered(dag);
    assertThat(states(created.run())).containsOnlyKeys("extract");

    scheduler.runOnce();

    assertThat(states(created.run()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("extract", TaskState.QUEUED, "load", TaskState.NONE));
  }

  @Test
  void a_triggered_run_comes_back_as_the_database_stores_it_conf_and_code_version_included() {
    DagStructure dag = chain("trigger_returns_stored", 16);
    b.dags.save(dag, "jar-sha-1", clock.instant());
    clock.advance(Duration.ofSeconds(1));
    Map<String, Object> conf = Map.of("day", "2026-03-01", "limit", 3, "tags", List.of("a", "b"));

    CreatedRun created =
        trigger.trigger(NewDagRun.manual(dag.dagId(), clock.instant(), conf), dag).orElseThrow();

    DagRun stored = b.runs.findRun(created.run().id()).orElseThrow();
    assertThat(created.run()).isEqualTo(stored);
    assertThat(stored.codeVersion()).isEqualTo("jar-sha-1");
    assertThat(stored.conf()).isEqualTo(conf);
  }

  @Test
  void a_run_beyond_max_active_runs_stays_queued_and_the_scheduler_starts_it_later() {
    DagStructure dag = saved(chain("one_at_a_time", 1));
    CreatedRun first = triggered(dag);
    delivered();

    CreatedRun second = triggered(dag);

    assertThat(second.run().state()).isEqualTo(RunState.QUEUED);
    assertThat(second.started()).isEmpty();
    assertThat(b.runs.findRun(second.run().id()).orElseThrow().state()).isEqualTo(RunState.QUEUED);
    assertThat(states(second.run()))
        .containsOnly(Map.entry("extract", TaskState.NONE), Map.entry("load", TaskState.NONE));
    assertThat(delivered()).isEmpty();
    // The scheduler, told of the run, still leaves it queued while the first one runs.
    scheduler.runOnce(List.of(second.run().id()));
    assertThat(b.runs.findRun(second.run().id()).orElseThrow().state()).isEqualTo(RunState.QUEUED);

    b.runs.setRunState(first.run().id(), RunState.SUCCESS, clock.instant());
    scheduler.runOnce(List.of(second.run().id()));

    assertThat(b.runs.findRun(second.run().id()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    assertThat(states(second.run())).containsEntry("extract", TaskState.QUEUED);
    assertThat(delivered())
        .extracting(d -> d.message().runId())
        .containsExactly(second.run().runId());
  }

  @Test
  void a_run_of_a_paused_dag_stays_queued_until_the_dag_is_unpaused() {
    DagStructure dag = saved(chain("paused_trigger", 16));
    b.dags.setPaused(dag.dagId(), true);

    CreatedRun created = triggered(dag);

    assertThat(created.run().state()).isEqualTo(RunState.QUEUED);
    assertThat(created.started()).isEmpty();
    assertThat(states(created.run())).containsEntry("extract", TaskState.NONE);
    scheduler.runOnce(List.of(created.run().id()));
    assertThat(b.runs.findRun(created.run().id()).orElseThrow().state()).isEqualTo(RunState.QUEUED);
    assertThat(delivered()).isEmpty();

    b.dags.setPaused(dag.dagId(), false);
    scheduler.runOnce(List.of(created.run().id()));

    assertThat(states(created.run())).containsEntry("extract", TaskState.QUEUED);
    assertThat(delivered()).extracting(d -> d.message().taskId()).containsExactly("extract");
  }

  @Test
  void a_root_task_committed_queued_but_never_pushed_is_pushed_again_and_a_worker_claims_it() {
    DagStructure dag = saved(chain("crash_before_push", 16));
    // The creating process stops between its commit and its push: the commit alone.
    CreatedRun created =
        b.runs
            .createAndStartRun(
                NewDagRun.manual(dag.dagId(), clock.instant(), Map.of()),
                dag,
                dag.maxActiveRuns(),
                dag.maxActiveTasks(),
                List.of("extract"))
            .orElseThrow();
    assertThat(states(created.run())).containsEntry("extract", TaskState.QUEUED);
    assertThat(delivered()).isEmpty();

    clock.advance(REQUEUE_AFTER.plusSeconds(1));
    int pushed = new RequeueStaleTasks(b.runs, b.queue, clock, REQUEUE_AFTER).runOnce();

    assertThat(pushed).isEqualTo(1);
    List<Delivery> deliveries = delivered();
    assertThat(deliveries).hasSize(1);
    Delivery delivery = deliveries.getFirst();
    List<TaskInstance> claimed =
        b.runs.claim(
            List.of(
                TaskChange.claim(
                    delivery.message().taskInstanceId(),
                    delivery.message().tryNumber(),
                    "test-worker",
                    clock.instant())));
    assertThat(claimed).extracting(TaskInstance::taskId).containsExactly("extract");
    assertThat(states(created.run())).containsEntry("extract", TaskState.RUNNING);
  }

  @Test
  void the_roots_of_a_triggered_run_keep_to_their_pool_heaviest_first() throws Exception {
    try (Connection c = b.database.dataSource().getConnection()) {
      c.createStatement().execute("insert into pool (pool, slots) values ('narrow', 1)");
    }
    DagStructure dag =
        saved(
            Dag.builder("pooled_trigger")
                .task(Task.bash("light", "true").pool("narrow").priorityWeight(1))
                .task(Task.bash("heavy", "true").pool("narrow").priorityWeight(10))
                .build()
                .structure());

    CreatedRun created = triggered(dag);

    assertThat(created.run().state()).isEqualTo(RunState.RUNNING);
    assertThat(states(created.run()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("heavy", TaskState.QUEUED, "light", TaskState.SCHEDULED));
    assertThat(delivered()).extracting(d -> d.message().taskId()).containsExactly("heavy");
  }

  @Test
  void a_second_trigger_with_the_same_run_id_changes_nothing() {
    DagStructure dag = saved(chain("trigger_twice", 16));
    NewDagRun request = NewDagRun.manual(dag.dagId(), clock.instant(), Map.of());
    CreatedRun first = trigger.trigger(request, dag).orElseThrow();
    delivered();

    assertThat(trigger.trigger(request, dag)).isEmpty();

    assertThat(states(first.run())).containsEntry("extract", TaskState.QUEUED);
    assertThat(delivered()).isEmpty();
  }
}
