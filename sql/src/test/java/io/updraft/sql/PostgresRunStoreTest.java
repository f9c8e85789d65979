package io.updraft.sql;

import static io.updraft.core.testdata.TaskChangeBuilder.aChange;
import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.Fixtures.dag;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE_HISTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(PostgresExtension.class)
class PostgresRunStoreTest {
  private static final DagStructure ETL = dag("etl", "extract", "transform", "load");

  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  @BeforeEach
  void saveDag() {
    new PostgresDagStore(postgres.database()).save(ETL, T0);
  }

  private static DagRun create(Instant logicalDate) {
    return postgres
        .runs()
        .createRun(
            NewDagRun.scheduled("etl", logicalDate, logicalDate.plus(Duration.ofDays(1))), ETL)
        .orElseThrow();
  }

  private static TaskInstance ti(DagRun run, String taskId) {
    return postgres.runs().taskInstances(run.id()).stream()
        .filter(t -> t.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  private static int historyRows(long taskInstanceId) {
    return postgres
        .database()
        .dsl()
        .fetchCount(
            TASK_INSTANCE_HISTORY, TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID.eq(taskInstanceId));
  }

  @Test
  void a_run_records_the_jar_version_its_dag_was_registered_from_and_keeps_it() {
    PostgresDagStore dags = new PostgresDagStore(postgres.database());
    dags.save(ETL, "jar-v1", T0);
    DagRun first = create(T0);
    dags.save(ETL, "jar-v2", T0.plusSeconds(1));
    DagRun second = create(T0.plus(Duration.ofDays(1)));

    assertThat(first.codeVersion()).isEqualTo("jar-v1");
    assertThat(postgres.runs().findRun(first.id()).orElseThrow().codeVersion()).isEqualTo("jar-v1");
    assertThat(second.codeVersion()).isEqualTo("jar-v2");
    assertThat(postgres.runs().codeVersionsOfActiveRuns())
        .containsExactlyInAnyOrder("jar-v1", "jar-v2");

    postgres.runs().setRunState(first.id(), RunState.SUCCESS, T0.plusSeconds(2));
    assertThat(postgres.runs().codeVersionsOfActiveRuns()).containsExactly("jar-v2");
  }

  @Test
  void a_run_of_a_class_path_dag_has_no_code_version() {
    assertThat(create(T0).codeVersion()).isNull();
    assertThat(postgres.runs().codeVersionsOfActiveRuns()).isEmpty();
  }

  @Test
  void a_run_without_conf_reads_back_an_empty_conf_and_nested_empty_objects_stay() {
    DagRun plain =
        postgres.runs().createRun(NewDagRun.manual("etl", T0, Map.of()), ETL).orElseThrow();
    Map<String, Object> conf = new LinkedHashMap<>();
    conf.put("options", Map.of());
    conf.put("limit", null);
    DagRun nested =
        postgres
            .runs()
            .createRun(NewDagRun.manual("etl", T0.plusSeconds(60), conf), ETL)
            .orElseThrow();

    assertThat(postgres.runs().findRun(plain.id()).orElseThrow().conf()).isEmpty();
    assertThat(postgres.runs().findRun(nested.id()).orElseThrow().conf())
        .containsEntry("options", Map.of())
        .containsEntry("limit", null)
        .hasSize(2);
  }

  @Test
  void creating_a_run_queues_it_with_its_task_instances_in_state_none() {
    DagRun run =
        postgres
            .runs()
            .createRun(NewDagRun.manual("etl", T0, Map.of("table", "users", "limit", 10)), ETL)
            .orElseThrow();

    assertThat(run.state()).isEqualTo(RunState.QUEUED);
    assertThat(run.runType()).isEqualTo(RunType.MANUAL);
    assertThat(run.queuedAt()).isEqualTo(T0);
    assertThat(run.dagVersion()).isEqualTo(ETL.versionHash());
    assertThat(run.conf()).containsEntry("table", "users").containsEntry("limit", 10);
    assertThat(postgres.runs().findRun(run.id())).contains(run);
    assertThat(postgres.runs().findRun("etl", run.runId())).contains(run);

    List<TaskInstance> tis = postgres.runs().taskInstances(run.id());
    assertThat(tis)
        .extracting(TaskInstance::taskId)
        .containsExactly("extract", "transform", "load");
    assertThat(tis)
        .allSatisfy(
            ti -> {
              assertThat(ti.state()).isEqualTo(TaskState.NONE);
              assertThat(ti.tryNumber()).isEqualTo(1);
              assertThat(ti.maxTries()).isEqualTo(2);
              assertThat(ti.queue()).isEqualTo("default");
              assertThat(ti.pool()).isEqualTo("default_pool");
              assertThat(ti.dagId()).isEqualTo("etl");
              assertThat(ti.runId()).isEqualTo(run.runId());
            });
    assertThat(postgres.runs().findTaskInstance(tis.getFirst().id())).contains(tis.getFirst());
  }

  @Test
  void creating_the_same_run_twice_creates_it_once() {
    DagRun first = create(T0);

    assertThat(
            postgres
                .runs()
                .createRun(NewDagRun.scheduled("etl", T0, T0.plus(Duration.ofDays(1))), ETL))
        .isEmpty();
    // A manual run for the same logical date is the same run too.
    assertThat(postgres.runs().createRun(NewDagRun.manual("etl", T0, Map.of()), ETL)).isEmpty();
    assertThat(postgres.runs().listRuns("etl", 10)).containsExactly(first);
    assertThat(postgres.runs().taskInstances(first.id())).hasSize(3);
  }

  @Test
  void creating_a_run_of_an_unknown_dag_names_the_dag() {
    assertThatThrownBy(() -> postgres.runs().createRun(NewDagRun.manual("nope", T0, Map.of()), ETL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void a_fenced_change_applies_once_and_writes_one_history_row() {
    TaskInstance extract = ti(create(T0), "extract");
    TaskChange queue = TaskChange.of(extract, TaskState.QUEUED, T0.plusSeconds(1));

    assertThat(postgres.runs().apply(queue)).isTrue();
    assertThat(postgres.runs().apply(queue)).isFalse();

    TaskInstance queued = postgres.runs().findTaskInstance(extract.id()).orElseThrow();
    assertThat(queued.state()).isEqualTo(TaskState.QUEUED);
    assertThat(queued.queuedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(historyRows(extract.id())).isEqualTo(1);
  }

  @Test
  void a_claim_returns_the_rows_it_took_once_each_and_skips_tries_that_moved_on() {
    DagRun run = create(T0);
    TaskInstance extract = ti(run, "extract");
    TaskInstance transform = ti(run, "transform");
    Instant at = T0.plusSeconds(2);
    postgres
        .runs()
        .applyAll(
            List.of(
                TaskChange.of(extract, TaskState.QUEUED, T0),
                TaskChange.of(transform, TaskState.QUEUED, T0)));
    TaskChange claimExtract =
        aChange(extract.id(), 1)
            .from(TaskState.QUEUED)
            .to(TaskState.RUNNING)
            .at(at)
            .worker("w1")
            .build();
    TaskChange staleTry =
        aChange(transform.id(), 2)
            .from(TaskState.QUEUED)
            .to(TaskState.RUNNING)
            .at(at)
            .worker("w1")
            .build();

    List<TaskInstance> claimed =
        postgres.runs().claim(List.of(claimExtract, claimExtract, staleTry));

    assertThat(claimed)
        .singleElement()
        .satisfies(
            ti -> {
              assertThat(ti.id()).isEqualTo(extract.id());
              assertThat(ti.state()).isEqualTo(TaskState.RUNNING);
              assertThat(ti.worker()).isEqualTo("w1");
              assertThat(ti.startDate()).isEqualTo(at);
              assertThat(ti.queuedAt()).isEqualTo(T0);
              // Read by column index, every field as the store's own read gives it.
              assertThat(ti)
                  .isEqualTo(postgres.runs().findTaskInstance(extract.id()).orElseThrow());
            });
    assertThat(historyRows(extract.id())).isEqualTo(2);
    assertThat(postgres.runs().findTaskInstance(transform.id()).orElseThrow().state())
        .isEqualTo(TaskState.QUEUED);
    assertThat(postgres.runs().claim(List.of(claimExtract))).as("claimed already").isEmpty();
  }

  @Test
  void running_records_the_worker_and_times_and_a_terminal_state_its_end() {
    TaskInstance extract = ti(create(T0), "extract");
    postgres.runs().apply(TaskChange.of(extract, TaskState.QUEUED, T0));
    TaskInstance queued = postgres.runs().findTaskInstance(extract.id()).orElseThrow();
    Instant started = T0.plusSeconds(2);

    assertThat(
            postgres
                .runs()
                .apply(
                    aChange(queued.id(), 1)
                        .from(TaskState.QUEUED)
                        .to(TaskState.RUNNING)
                        .at(started)
                        .worker("worker-1")
                        .build()))
        .isTrue();
    TaskInstance running = postgres.runs().findTaskInstance(extract.id()).orElseThrow();
    assertThat(running.worker()).isEqualTo("worker-1");
    assertThat(running.startDate()).isEqualTo(started);
    assertThat(running.heartbeatAt()).isEqualTo(started);

    assertThat(postgres.runs().apply(TaskChange.of(running, TaskState.SUCCESS, T0.plusSeconds(9))))
        .isTrue();
    TaskInstance done = postgres.runs().findTaskInstance(extract.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(done.endDate()).isEqualTo(T0.plusSeconds(9));
    assertThat(historyRows(extract.id())).isEqualTo(3);
  }

  @Test
  void a_change_that_starts_the_next_try_increments_the_try_number() {
    TaskInstance extract = ti(create(T0), "extract");
    postgres.runs().apply(TaskChange.of(extract, TaskState.QUEUED, T0));
    TaskInstance queued = postgres.runs().findTaskInstance(extract.id()).orElseThrow();
    postgres.runs().apply(TaskChange.of(queued, TaskState.RUNNING, T0));
    TaskInstance running = postgres.runs().findTaskInstance(extract.id()).orElseThrow();
    Instant retryAt = T0.plusSeconds(60);
    postgres
        .runs()
        .apply(
            aChange(running.id(), 1)
                .from(TaskState.RUNNING)
                .to(TaskState.UP_FOR_RETRY)
                .at(T0)
                .nextTryAt(retryAt)
                .build());
    TaskInstance waiting = postgres.runs().findTaskInstance(extract.id()).orElseThrow();
    assertThat(waiting.nextTryAt()).isEqualTo(retryAt);

    TaskChange retry =
        aChange(waiting.id(), 1)
            .from(TaskState.UP_FOR_RETRY)
            .to(TaskState.QUEUED)
            .at(retryAt)
            .startingNextTry()
            .build();
    assertThat(postgres.runs().apply(retry)).isTrue();

    TaskInstance requeued = postgres.runs().findTaskInstance(extract.id()).orElseThrow();
    assertThat(requeued.tryNumber()).isEqualTo(2);
    assertThat(requeued.state()).isEqualTo(TaskState.QUEUED);
    assertThat(requeued.nextTryAt()).isNull();
    // The old try's fence no longer matches.
    assertThat(postgres.runs().apply(TaskChange.of(queued, TaskState.RUNNING, retryAt))).isFalse();
  }

  @Test
  void applying_many_changes_returns_only_those_that_matched() {
    DagRun run = create(T0);
    TaskInstance extract = ti(run, "extract");
    TaskInstance transform = ti(run, "transform");
    TaskInstance load = ti(run, "load");
    postgres.runs().apply(TaskChange.of(transform, TaskState.QUEUED, T0));

    TaskChange queueExtract = TaskChange.of(extract, TaskState.QUEUED, T0.plusSeconds(1));
    TaskChange staleTransform = TaskChange.of(transform, TaskState.SKIPPED, T0.plusSeconds(1));
    TaskChange skipLoad = TaskChange.of(load, TaskState.SKIPPED, T0.plusSeconds(1));

    // Given out of id order: the result keeps the caller's order.
    assertThat(postgres.runs().applyAll(List.of(skipLoad, staleTransform, queueExtract)))
        .containsExactly(skipLoad, queueExtract);
    assertThat(postgres.runs().taskInstances(run.id()))
        .extracting(TaskInstance::state)
        .containsExactly(TaskState.QUEUED, TaskState.QUEUED, TaskState.SKIPPED);
    assertThat(historyRows(transform.id())).isEqualTo(1);
    assertThat(postgres.runs().applyAll(List.of())).isEmpty();
  }

  @Test
  void a_run_never_leaves_a_terminal_state() {
    DagRun run = create(T0);

    assertThat(postgres.runs().setRunState(run.id(), RunState.RUNNING, T0.plusSeconds(1))).isTrue();
    assertThat(postgres.runs().setRunState(run.id(), RunState.RUNNING, T0.plusSeconds(2))).isTrue();
    assertThat(postgres.runs().setRunState(run.id(), RunState.SUCCESS, T0.plusSeconds(3))).isTrue();
    assertThat(postgres.runs().setRunState(run.id(), RunState.FAILED, T0.plusSeconds(4))).isFalse();
    assertThat(postgres.runs().setRunState(run.id(), RunState.RUNNING, T0.plusSeconds(4)))
        .isFalse();

    DagRun done = postgres.runs().findRun(run.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RunState.SUCCESS);
    assertThat(done.startDate()).isEqualTo(T0.plusSeconds(1));
    assertThat(done.endDate()).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void runs_are_listed_newest_first_and_active_runs_oldest_first() {
    DagRun first = create(T0);
    DagRun second = create(T0.plus(Duration.ofDays(1)));
    DagRun third = create(T0.plus(Duration.ofDays(2)));
    postgres.runs().setRunState(second.id(), RunState.FAILED, T0);

    assertThat(postgres.runs().listRuns("etl", 10))
        .extracting(DagRun::id)
        .containsExactly(third.id(), second.id(), first.id());
    assertThat(postgres.runs().listRuns("etl", 2))
        .extracting(DagRun::id)
        .containsExactly(third.id(), second.id());
    assertThat(postgres.runs().activeRuns())
        .extracting(DagRun::id)
        .containsExactly(first.id(), third.id());
  }

  @Test
  void a_run_is_found_by_its_logical_date_and_the_run_before_a_date_is_the_latest_earlier_one() {
    DagRun first = create(T0);
    DagRun third = create(T0.plus(Duration.ofDays(2)));
    DagRun second = create(T0.plus(Duration.ofDays(1)));

    assertThat(postgres.runs().findRunAt("etl", T0.plus(Duration.ofDays(1))))
        .map(DagRun::id)
        .contains(second.id());
    assertThat(postgres.runs().findRunAt("etl", T0.plusSeconds(1))).isEmpty();
    assertThat(postgres.runs().findRunAt("other", T0)).isEmpty();
    assertThat(postgres.runs().runBefore("etl", third.logicalDate()))
        .map(DagRun::id)
        .contains(second.id());
    assertThat(postgres.runs().runBefore("etl", second.logicalDate()))
        .map(DagRun::id)
        .contains(first.id());
    assertThat(postgres.runs().runBefore("etl", first.logicalDate())).isEmpty();
  }

  @Test
  void tasks_queued_before_a_time_are_found_oldest_first() {
    DagRun run = create(T0);
    TaskInstance extract = ti(run, "extract");
    TaskInstance transform = ti(run, "transform");
    TaskInstance load = ti(run, "load");
    postgres.runs().apply(TaskChange.of(transform, TaskState.QUEUED, T0.plusSeconds(10)));
    postgres.runs().apply(TaskChange.of(extract, TaskState.QUEUED, T0.plusSeconds(20)));
    postgres.runs().apply(TaskChange.of(load, TaskState.QUEUED, T0.plusSeconds(60)));

    assertThat(postgres.runs().queuedBefore(T0.plusSeconds(30), 10))
        .extracting(TaskInstance::taskId)
        .containsExactly("transform", "extract");
    assertThat(postgres.runs().queuedBefore(T0.plusSeconds(30), 1))
        .extracting(TaskInstance::taskId)
        .containsExactly("transform");
  }
}
