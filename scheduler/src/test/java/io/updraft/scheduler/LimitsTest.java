package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.WeightRule;
import io.updraft.core.plan.AdvanceRun;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.queue.RedisTaskQueue;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresRunStore;
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

/** Pools, max_active_tasks and priority weights, applied where tasks are queued. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class LimitsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
  private TestBackends backends;
  private Database database;
  private RedisTaskQueue queue;
  private PostgresRunStore runs;
  private PostgresDagStore dags;
  private AdvanceRun advance;

  @BeforeEach
  void open() throws Exception {
    backends = new TestBackends(clock);
    database = backends.database;
    queue = backends.queue;
    runs = backends.runs;
    dags = backends.dags;
    advance = new AdvanceRun(runs, queue, clock);
    try (Connection c = database.dataSource().getConnection()) {
      c.createStatement().execute("insert into pool (pool, slots) values ('etl', 2)");
    }
  }

  @AfterEach
  void close() {
    backends.close();
  }

  private DagRun start(Dag dag) {
    dags.save(dag.structure(), clock.instant());
    DagRun run =
        runs.createRun(NewDagRun.manual(dag.id(), clock.instant(), Map.of()), dag.structure())
            .orElseThrow();
    advance.advance(run, dag.structure());
    return run;
  }

  private Map<String, TaskState> states(DagRun run) {
    return runs.taskInstances(run.id()).stream()
        .collect(Collectors.toMap(TaskInstance::taskId, TaskInstance::state));
  }

  private static Task inPool(String id, int weight) {
    return Task.bash(id, "true").pool("etl").priorityWeight(weight).weightRule(WeightRule.ABSOLUTE);
  }

  @Test
  void a_pool_queues_no_more_tasks_than_its_slots_and_the_heaviest_go_first() {
    DagRun run =
        start(
            Dag.builder("pooled")
                .task(inPool("light", 1))
                .task(inPool("heavy", 10))
                .task(inPool("medium", 5))
                .task(inPool("heaviest", 20))
                .build());

    assertThat(states(run))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "heaviest", TaskState.QUEUED,
                "heavy", TaskState.QUEUED,
                "medium", TaskState.SCHEDULED,
                "light", TaskState.SCHEDULED));

    finish(run, "heavy");
    assertThat(runs.queueScheduled(100, clock.instant())).hasSize(1);
    assertThat(states(run)).containsEntry("medium", TaskState.QUEUED);
    assertThat(states(run)).containsEntry("light", TaskState.SCHEDULED);
  }

  @Test
  void a_dag_queues_no_more_tasks_than_max_active_tasks_over_all_its_runs() {
    Dag dag =
        Dag.builder("narrow")
            .maxActiveTasks(1)
            .task(Task.bash("a", "true"))
            .task(Task.bash("b", "true"))
            .build();
    DagRun first = start(dag);
    clock.advance(Duration.ofSeconds(1));
    DagRun second = start(dag);

    List<TaskState> all =
        List.of(first, second).stream().flatMap(r -> states(r).values().stream()).toList();
    assertThat(all).filteredOn(s -> s == TaskState.QUEUED).hasSize(1);
    assertThat(all).filteredOn(s -> s == TaskState.SCHEDULED).hasSize(3);
    assertThat(runs.queueScheduled(100, clock.instant())).isEmpty();
  }

  @Test
  void a_task_in_a_pool_that_does_not_exist_waits() {
    DagRun run = start(Dag.builder("nowhere").task(Task.bash("t", "true").pool("missing")).build());

    assertThat(states(run)).containsEntry("t", TaskState.SCHEDULED);
  }

  @Test
  void a_task_queues_no_more_instances_than_its_max_active_tis_per_dag_over_all_runs() {
    Dag dag =
        Dag.builder("one_at_a_time")
            .task(Task.bash("export", "true").maxActiveTisPerDag(1))
            .task(Task.bash("other", "true"))
            .build();
    DagRun first = start(dag);
    clock.advance(Duration.ofSeconds(1));
    DagRun second = start(dag);

    assertThat(states(first))
        .containsEntry("export", TaskState.QUEUED)
        .containsEntry("other", TaskState.QUEUED);
    assertThat(states(second))
        .containsEntry("export", TaskState.SCHEDULED)
        .containsEntry("other", TaskState.QUEUED);

    finish(first, "export");
    assertThat(runs.queueScheduled(100, clock.instant())).hasSize(1);
    assertThat(states(second)).containsEntry("export", TaskState.QUEUED);
  }

  @Test
  void a_mapped_tasks_instances_wait_as_scheduled_beyond_its_max_active_tis_per_dag() {
    Dag dag =
        Dag.builder("mapped_narrow")
            .task(Task.bash("load", "true").expand(List.of(1, 2, 3)).maxActiveTisPerDag(2))
            .build();

    DagRun run = start(dag);

    assertThat(runs.taskInstances(run.id()))
        .extracting(TaskInstance::state)
        .containsExactlyInAnyOrder(TaskState.QUEUED, TaskState.QUEUED, TaskState.SCHEDULED);
  }

  private void finish(DagRun run, String taskId) {
    TaskInstance ti =
        runs.taskInstances(run.id()).stream()
            .filter(t -> t.taskId().equals(taskId))
            .findFirst()
            .orElseThrow();
    runs.apply(
        new TaskChange(
            ti.id(),
            ti.tryNumber(),
            TaskState.QUEUED,
            TaskState.RUNNING,
            clock.instant(),
            false,
            null,
            "w"));
    runs.apply(
        new TaskChange(
            ti.id(),
            ti.tryNumber(),
            TaskState.RUNNING,
            TaskState.SUCCESS,
            clock.instant(),
            false,
            null,
            null));
  }
}
