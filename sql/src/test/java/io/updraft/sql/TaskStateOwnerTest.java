package io.updraft.sql;

import static io.updraft.core.testdata.TaskChangeBuilder.aChange;
import static io.updraft.core.testdata.TaskChangeBuilder.aChangeOf;
import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.Fixtures.dag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.core.state.TaskTransitions;
import io.updraft.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database functions that own task state enforce the same transition table as core, whatever
 * path a change takes to them.
 */
@ExtendWith(PostgresExtension.class)
class TaskStateOwnerTest {
  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  @Test
  void the_database_allows_exactly_the_changes_of_cores_transition_table() {
    List<String> disagreements = new ArrayList<>();
    for (TaskState from : TaskState.values()) {
      for (TaskState to : TaskState.values()) {
        boolean inDatabase =
            postgres
                .database()
                .dsl()
                .fetchSingle(
                    "select updraft_transition_allowed(?, ?)", from.wireName(), to.wireName())
                .get(0, Boolean.class);
        if (inDatabase != TaskTransitions.isAllowed(from, to)) {
          disagreements.add(from.wireName() + " → " + to.wireName() + ": database " + inDatabase);
        }
      }
    }

    assertThat(disagreements).isEmpty();
  }

  @Test
  void a_change_outside_the_table_is_refused_and_changes_nothing() {
    DagStructure structure = dag("owner_refuses", "only");
    new PostgresDagStore(postgres.database()).save(structure, T0);
    PostgresRunStore runs = new PostgresRunStore(postgres.database(), Fixtures.CLOCK);
    DagRun run =
        runs.createRun(NewDagRun.manual("owner_refuses", T0, Map.of()), structure).orElseThrow();
    TaskInstance ti = runs.taskInstances(run.id()).getFirst();

    // A caller that skips core's check (none → running is not a change any actor makes).
    assertThatThrownBy(() -> callWriter(ti, "none", "running", "w1", null))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("A task instance cannot go from none to running");

    assertThat(runs.findTaskInstance(ti.id()).orElseThrow().state()).isEqualTo(TaskState.NONE);
  }

  @Test
  void a_change_through_a_state_on_its_way_writes_both_steps_and_each_step_must_be_allowed() {
    DagStructure structure = dag("owner_via", "claimed", "skipped");
    new PostgresDagStore(postgres.database()).save(structure, T0);
    PostgresRunStore runs = new PostgresRunStore(postgres.database(), Fixtures.CLOCK);
    DagRun run =
        runs.createRun(NewDagRun.manual("owner_via", T0, Map.of()), structure).orElseThrow();
    TaskInstance claimed = runs.taskInstances(run.id()).get(0);
    TaskInstance skipped = runs.taskInstances(run.id()).get(1);

    // As updraft_queue_ready claims a task it queues: none via queued to running.
    callWriter(claimed, "none", "running", "w1", "queued");
    // running → skipped is allowed, but a change's every step must be: none → running is not.
    assertThatThrownBy(() -> callWriter(skipped, "none", "skipped", null, "running"))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("A task instance cannot go from none to running");

    TaskInstance after = runs.findTaskInstance(claimed.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(TaskState.RUNNING);
    assertThat(after.queuedAt()).isEqualTo(T0);
    assertThat(after.worker()).isEqualTo("w1");
    assertThat(history(claimed.id()))
        .containsExactly("none → queued by null", "queued → running by w1");
    assertThat(runs.findTaskInstance(skipped.id()).orElseThrow().state()).isEqualTo(TaskState.NONE);
  }

  /** One change straight through the writer, as a caller that skips core's checks would make. */
  private void callWriter(TaskInstance ti, String from, String to, String worker, String via) {
    postgres
        .database()
        .dsl()
        .resultQuery(
            TaskStateFunctions.CHANGE,
            new Long[] {ti.id()},
            new Integer[] {ti.tryNumber()},
            new String[] {from},
            new String[] {to},
            new Integer[] {ti.tryNumber()},
            new String[] {null},
            new String[] {T0.toString()},
            new String[] {worker},
            new String[] {via})
        .fetch();
  }

  private List<String> history(long taskInstanceId) {
    return postgres
        .database()
        .dsl()
        .fetch(
            "select from_state, to_state, worker from task_instance_history"
                + " where task_instance_id = ? order by id",
            taskInstanceId)
        .map(r -> r.get(0, String.class) + " → " + r.get(1, String.class) + " by " + r.get(2));
  }

  @Test
  void a_batch_of_outcomes_is_recorded_with_its_logs_in_one_commit_a_late_outcomes_log_included() {
    DagStructure structure = dag("owner_batch", "a", "b");
    new PostgresDagStore(postgres.database()).save(structure, T0);
    PostgresRunStore runs = new PostgresRunStore(postgres.database(), Fixtures.CLOCK);
    DagRun run =
        runs.createRun(NewDagRun.manual("owner_batch", T0, Map.of()), structure).orElseThrow();
    List<TaskInstance> tis = runs.taskInstances(run.id());
    TaskInstance a = tis.get(0);
    TaskInstance b = tis.get(1);
    for (TaskInstance ti : tis) {
      runs.applyAll(List.of(aChangeOf(ti).to(TaskState.QUEUED).at(T0).build()));
      runs.applyAll(
          List.of(
              aChange(ti.id(), ti.tryNumber())
                  .from(TaskState.QUEUED)
                  .to(TaskState.RUNNING)
                  .at(T0)
                  .worker("w1")
                  .build()));
    }
    // b was reaped meanwhile: its worker's outcome comes late and misses its fence.
    runs.applyAll(
        List.of(
            aChange(b.id(), b.tryNumber())
                .from(TaskState.RUNNING)
                .to(TaskState.FAILED)
                .at(T0)
                .build()));

    List<TaskChange> recorded =
        runs.applyAll(
            List.of(
                aChange(a.id(), a.tryNumber())
                    .from(TaskState.RUNNING)
                    .to(TaskState.SUCCESS)
                    .at(T0)
                    .build(),
                aChange(b.id(), b.tryNumber())
                    .from(TaskState.RUNNING)
                    .to(TaskState.SUCCESS)
                    .at(T0)
                    .build()),
            List.of(
                new LogLines(a.id(), a.tryNumber(), List.of("a done")),
                new LogLines(b.id(), b.tryNumber(), List.of("b done, too late"))));

    assertThat(recorded).extracting(TaskChange::taskInstanceId).containsExactly(a.id());
    assertThat(runs.findTaskInstance(a.id()).orElseThrow().state()).isEqualTo(TaskState.SUCCESS);
    assertThat(runs.findTaskInstance(b.id()).orElseThrow().state()).isEqualTo(TaskState.FAILED);
    PostgresTaskLogStore logs = new PostgresTaskLogStore(postgres.database());
    assertThat(logs.read(a.id(), a.tryNumber())).containsExactly("a done");
    assertThat(logs.read(b.id(), b.tryNumber())).containsExactly("b done, too late");
  }

  @Test
  void a_row_given_twice_changes_in_rounds_in_the_order_given_and_a_second_copy_misses() {
    DagStructure structure = dag("owner_rounds", "only");
    new PostgresDagStore(postgres.database()).save(structure, T0);
    PostgresRunStore runs = new PostgresRunStore(postgres.database(), Fixtures.CLOCK);
    DagRun run =
        runs.createRun(NewDagRun.manual("owner_rounds", T0, Map.of()), structure).orElseThrow();
    TaskInstance ti = runs.taskInstances(run.id()).getFirst();
    TaskChange schedule = aChangeOf(ti).to(TaskState.SCHEDULED).at(T0).build();
    TaskChange queue =
        aChange(ti.id(), ti.tryNumber())
            .from(TaskState.SCHEDULED)
            .to(TaskState.QUEUED)
            .at(T0)
            .build();

    List<TaskChange> applied =
        TaskStateFunctions.change(postgres.database().dsl(), List.of(schedule, queue, schedule));

    // The third is a second copy of the first: tried in round three, after the queueing, its
    // fence (state none) no longer matches.
    assertThat(applied).containsExactly(schedule, queue);
    assertThat(runs.findTaskInstance(ti.id()).orElseThrow().state()).isEqualTo(TaskState.QUEUED);
    assertThat(history(ti.id()))
        .containsExactly("none → scheduled by null", "scheduled → queued by null");
  }
}
