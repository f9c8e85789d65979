package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG_RUN;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE_HISTORY;
import static io.updraft.sql.jooq.Tables.TASK_LOG;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * History and log rows have no foreign key to their task instance (V047); a trigger deletes them
 * with it, however the task instance goes.
 */
@ExtendWith(PostgresExtension.class)
class HistoryAndLogCascadeTest {
  @RegisterExtension final MigratedDatabase postgres = MigratedDatabase.shared();

  private final DagStructure dag = Fixtures.dag("cascaded", "a", "b");

  @BeforeEach
  void open() {
    new PostgresDagStore(postgres.database()).save(dag, Fixtures.T0);
  }

  private DagRun runWithHistoryAndLogs(int daysAgo) {
    DagRun run =
        postgres
            .runs()
            .createRun(
                NewDagRun.manual("cascaded", Fixtures.T0.minus(Duration.ofDays(daysAgo)), Map.of()),
                dag)
            .orElseThrow();
    for (TaskInstance ti : postgres.runs().taskInstances(run.id())) {
      assertThat(postgres.runs().apply(TaskChange.of(ti, TaskState.QUEUED, Fixtures.T0))).isTrue();
      postgres.logs().append(ti.id(), 1, List.of("line of " + ti.taskId()));
    }
    return run;
  }

  private int historyOf(DagRun run) {
    return postgres
        .database()
        .dsl()
        .fetchCount(TASK_INSTANCE_HISTORY, TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID.in(idsOf(run)));
  }

  private int logsOf(DagRun run) {
    return postgres.database().dsl().fetchCount(TASK_LOG, TASK_LOG.TASK_INSTANCE_ID.in(idsOf(run)));
  }

  private List<Long> idsOf(DagRun run) {
    return postgres.runs().taskInstances(run.id()).stream().map(TaskInstance::id).toList();
  }

  @Test
  void deleting_a_run_deletes_its_tasks_history_and_logs_and_no_other_runs() {
    DagRun deleted = runWithHistoryAndLogs(2);
    DagRun kept = runWithHistoryAndLogs(1);
    List<Long> deletedTasks = idsOf(deleted);
    assertThat(historyOf(deleted)).isEqualTo(2);
    assertThat(logsOf(deleted)).isEqualTo(2);

    postgres.database().dsl().deleteFrom(DAG_RUN).where(DAG_RUN.ID.eq(deleted.id())).execute();

    assertThat(
            postgres
                .database()
                .dsl()
                .fetchCount(
                    TASK_INSTANCE_HISTORY, TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID.in(deletedTasks)))
        .isZero();
    assertThat(
            postgres
                .database()
                .dsl()
                .fetchCount(TASK_LOG, TASK_LOG.TASK_INSTANCE_ID.in(deletedTasks)))
        .isZero();
    assertThat(historyOf(kept)).isEqualTo(2);
    assertThat(logsOf(kept)).isEqualTo(2);
  }

  @Test
  void deleting_a_task_instance_deletes_its_history_and_logs() {
    DagRun run = runWithHistoryAndLogs(1);
    long gone = idsOf(run).getFirst();

    postgres.database().dsl().deleteFrom(TASK_INSTANCE).where(TASK_INSTANCE.ID.eq(gone)).execute();

    assertThat(
            postgres
                .database()
                .dsl()
                .fetchCount(TASK_INSTANCE_HISTORY, TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID.eq(gone)))
        .isZero();
    assertThat(postgres.logs().read(gone, 1)).isEmpty();
    assertThat(historyOf(run)).isEqualTo(1);
    assertThat(logsOf(run)).isEqualTo(1);
  }

  @Test
  void lines_appended_for_a_task_instance_that_no_longer_exists_are_dropped() {
    DagRun run = runWithHistoryAndLogs(1);
    long gone = idsOf(run).getFirst();
    postgres.database().dsl().deleteFrom(TASK_INSTANCE).where(TASK_INSTANCE.ID.eq(gone)).execute();

    postgres.logs().append(gone, 1, List.of("late line"));

    assertThat(postgres.database().dsl().fetchCount(TASK_LOG, TASK_LOG.TASK_INSTANCE_ID.eq(gone)))
        .isZero();
  }
}
