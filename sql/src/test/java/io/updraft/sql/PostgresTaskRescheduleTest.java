package io.updraft.sql;

import static io.updraft.core.testdata.TaskChangeBuilder.aChange;
import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.Fixtures.dag;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE_HISTORY;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskReschedule;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A try put up for reschedule: same try number, each run's start kept, fenced like any change. */
@ExtendWith(PostgresExtension.class)
class PostgresTaskRescheduleTest {
  private static final DagStructure WAITS = dag("waits", "sense", "after");

  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  @BeforeEach
  void saveDag() {
    new PostgresDagStore(postgres.database()).save(WAITS, T0);
  }

  private static TaskInstance sense() {
    return sense(T0);
  }

  /** The sensor task of a new run for {@code logicalDate}. */
  private static TaskInstance sense(Instant logicalDate) {
    DagRun run =
        postgres
            .runs()
            .createRun(
                NewDagRun.scheduled("waits", logicalDate, logicalDate.plus(Duration.ofDays(1))),
                WAITS)
            .orElseThrow();
    return postgres.runs().taskInstances(run.id()).getFirst();
  }

  private static TaskInstance reload(TaskInstance ti) {
    return postgres.runs().findTaskInstance(ti.id()).orElseThrow();
  }

  /** Queues and runs the task from its current state, then puts it up for reschedule. */
  private static TaskInstance runAndReschedule(TaskInstance ti, Instant start, Instant next) {
    assertThat(postgres.runs().apply(TaskChange.of(ti, TaskState.QUEUED, start))).isTrue();
    assertThat(
            postgres
                .runs()
                .apply(
                    aChange(ti.id(), ti.tryNumber())
                        .from(TaskState.QUEUED)
                        .to(TaskState.RUNNING)
                        .at(start)
                        .worker("worker-1")
                        .build()))
        .isTrue();
    TaskChange reschedule =
        aChange(ti.id(), ti.tryNumber())
            .from(TaskState.RUNNING)
            .to(TaskState.UP_FOR_RESCHEDULE)
            .at(start.plusSeconds(1))
            .nextTryAt(next)
            .build();
    assertThat(postgres.runs().apply(reschedule)).isTrue();
    return reload(ti);
  }

  @Test
  void each_reschedule_keeps_the_try_number_and_records_when_its_run_started() {
    TaskInstance ti = sense();

    TaskInstance first = runAndReschedule(ti, T0.plusSeconds(2), T0.plusSeconds(12));
    TaskInstance second = runAndReschedule(first, T0.plusSeconds(12), T0.plusSeconds(22));

    assertThat(second.state()).isEqualTo(TaskState.UP_FOR_RESCHEDULE);
    assertThat(second.tryNumber()).isEqualTo(1);
    assertThat(second.nextTryAt()).isEqualTo(T0.plusSeconds(22));
    // The row shows the latest run; the reschedules keep the first start of the try.
    assertThat(second.startDate()).isEqualTo(T0.plusSeconds(12));
    assertThat(postgres.runs().reschedules(ti.id(), 1))
        .containsExactly(
            new TaskReschedule(
                ti.id(), 1, T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(12)),
            new TaskReschedule(
                ti.id(), 1, T0.plusSeconds(12), T0.plusSeconds(13), T0.plusSeconds(22)));
    assertThat(postgres.runs().reschedules(ti.id(), 2)).isEmpty();
  }

  @Test
  void a_due_reschedule_is_queued_once_however_many_schedulers_try() {
    TaskInstance waiting = runAndReschedule(sense(), T0, T0.plusSeconds(10));
    TaskChange queue =
        aChange(waiting.id(), 1)
            .from(TaskState.UP_FOR_RESCHEDULE)
            .to(TaskState.QUEUED)
            .at(T0.plusSeconds(10))
            .build();

    List<TaskChange> first = postgres.runs().applyAll(List.of(queue));
    List<TaskChange> second = postgres.runs().applyAll(List.of(queue));

    assertThat(first).containsExactly(queue);
    assertThat(second).isEmpty();
    TaskInstance queued = reload(waiting);
    assertThat(queued.state()).isEqualTo(TaskState.QUEUED);
    assertThat(queued.tryNumber()).isEqualTo(1);
    assertThat(queued.nextTryAt()).isNull();
    assertThat(
            postgres
                .database()
                .dsl()
                .fetchCount(
                    TASK_INSTANCE_HISTORY,
                    TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID.eq(waiting.id()),
                    TASK_INSTANCE_HISTORY.FROM_STATE.eq("up_for_reschedule"),
                    TASK_INSTANCE_HISTORY.TO_STATE.eq("queued")))
        .isOne();
  }

  @Test
  void clearing_a_task_up_for_reschedule_starts_a_new_try_with_no_reschedules() {
    TaskInstance waiting = runAndReschedule(sense(), T0, T0.plusSeconds(10));

    List<String> cleared =
        postgres.admin().clear(waiting.dagRunId(), List.of("sense"), T0.plusSeconds(5));

    assertThat(cleared).containsExactly("sense");
    TaskInstance fresh = reload(waiting);
    assertThat(fresh.state()).isEqualTo(TaskState.NONE);
    assertThat(fresh.tryNumber()).isEqualTo(2);
    assertThat(fresh.nextTryAt()).isNull();
    assertThat(postgres.runs().reschedules(waiting.id(), 2)).isEmpty();
    assertThat(postgres.runs().reschedules(waiting.id(), 1)).hasSize(1);
  }

  @Test
  void a_task_up_for_reschedule_can_be_marked_success_or_failed() {
    TaskInstance waiting = runAndReschedule(sense(), T0, T0.plusSeconds(10));

    assertThat(postgres.admin().markTask(waiting.id(), TaskState.SUCCESS, T0.plusSeconds(5)))
        .isTrue();

    TaskInstance marked = reload(waiting);
    assertThat(marked.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(marked.nextTryAt()).isNull();
    assertThat(marked.endDate()).isEqualTo(T0.plusSeconds(5));
    TaskInstance other =
        runAndReschedule(sense(T0.plus(Duration.ofDays(1))), T0, T0.plusSeconds(10));
    assertThat(postgres.admin().markTask(other.id(), TaskState.FAILED, T0.plusSeconds(5))).isTrue();
    assertThat(reload(other).state()).isEqualTo(TaskState.FAILED);
  }
}
