package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG;
import static io.updraft.sql.jooq.Tables.DAG_RUN;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.RunAdmin;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.core.state.TaskTransitions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Clearing and marking by hand, in PostgreSQL. Task changes go through {@link PostgresTaskChanges},
 * so each is fenced and leaves a history row; a task the table cannot move straight to the wanted
 * state goes through none first.
 */
public final class PostgresRunAdmin implements RunAdmin {
  private final DSLContext dsl;

  public PostgresRunAdmin(Database database) {
    this.dsl = database.dsl();
  }

  @Override
  public List<String> clear(long dagRunId, Collection<String> taskIds, Instant at) {
    return Transactions.result(
        dsl,
        db -> {
          Map<String, TaskNode> nodes = structure(db, dagRunId);
          Map<Long, TaskInstance> before = new HashMap<>();
          List<TaskChange> changes = new ArrayList<>();
          for (TaskInstance ti : taskInstances(db, dagRunId)) {
            if ((taskIds.isEmpty() || taskIds.contains(ti.taskId()))
                && ti.state() != TaskState.RUNNING
                && TaskTransitions.isAllowed(ti.state(), TaskState.NONE)) {
              // A task that ran gets a new try, so its earlier logs and history stay apart.
              boolean ran = ti.startDate() != null || ti.state().isTerminal();
              before.put(ti.id(), ti);
              changes.add(TaskChange.clear(ti, at, ran));
            }
          }
          List<String> cleared = new ArrayList<>();
          for (TaskChange change : PostgresTaskChanges.applyAll(db, changes)) {
            TaskInstance ti = before.get(change.taskInstanceId());
            cleared.add(ti.taskId());
            db.update(TASK_INSTANCE)
                .set(
                    TASK_INSTANCE.MAX_TRIES,
                    maxTriesOnceCleared(ti, change.resultingTryNumber(), nodes.get(ti.taskId())))
                .where(TASK_INSTANCE.ID.eq(ti.id()))
                .execute();
          }
          if (!cleared.isEmpty()) {
            db.update(DAG_RUN)
                .set(DAG_RUN.STATE, RunState.QUEUED.wireName())
                .setNull(DAG_RUN.END_DATE)
                .where(DAG_RUN.ID.eq(dagRunId))
                .execute();
          }
          return cleared;
        });
  }

  /**
   * The last try a cleared task may run, as Airflow's {@code clear_task_instances} decides it: a
   * task of the current DAG gets its retries again, counted from its new try; a task gone from the
   * DAG has no known retries, so it keeps its limit, raised only so that the new try may run.
   */
  private static int maxTriesOnceCleared(TaskInstance before, int newTry, TaskNode node) {
    if (node == null) {
      return Math.max(before.maxTries(), newTry);
    }
    return newTry + node.retries();
  }

  @Override
  public void markRun(long dagRunId, RunState state, Instant at) {
    switch (state) {
      case QUEUED -> clear(dagRunId, List.of(), at);
      case RUNNING ->
          throw new IllegalArgumentException(
              "A run cannot be marked running; clear it to run it again");
      case SUCCESS, FAILED ->
          Transactions.run(
              dsl,
              db -> {
                List<TaskChange> changes = new ArrayList<>();
                for (TaskInstance ti : taskInstances(db, dagRunId)) {
                  if (!ti.state().isTerminal()) {
                    changes.addAll(path(ti, endStateFor(ti.state(), state), at));
                  }
                }
                PostgresTaskChanges.applyAll(db, changes);
                db.update(DAG_RUN)
                    .set(DAG_RUN.STATE, state.wireName())
                    .set(DAG_RUN.END_DATE, at)
                    .where(DAG_RUN.ID.eq(dagRunId))
                    .execute();
              });
    }
  }

  @Override
  public boolean markTask(long taskInstanceId, TaskState state, Instant at) {
    TaskInstance ti =
        dsl.selectFrom(TASK_INSTANCE)
            .where(TASK_INSTANCE.ID.eq(taskInstanceId))
            .fetchOptional()
            .map(PostgresRows::taskInstance)
            .orElse(null);
    if (ti == null || ti.state() == state) {
      return false;
    }
    List<TaskChange> changes = path(ti, state, at);
    if (changes.isEmpty()) {
      return false;
    }
    return Transactions.result(
        dsl,
        db -> {
          if (PostgresTaskChanges.applyAll(db, changes).size() != changes.size()) {
            return false;
          }
          // An ended run whose task changed is planned again, and ends again as its tasks say.
          db.update(DAG_RUN)
              .set(DAG_RUN.STATE, RunState.QUEUED.wireName())
              .setNull(DAG_RUN.END_DATE)
              .where(DAG_RUN.ID.eq(ti.dagRunId()))
              .and(DAG_RUN.STATE.in(RunState.SUCCESS.wireName(), RunState.FAILED.wireName()))
              .execute();
          return true;
        });
  }

  /**
   * The unfinished task's state when its run is marked {@code runState}, as Airflow does: for
   * success every one succeeds; for failed, running ones fail and the others are skipped.
   */
  private static TaskState endStateFor(TaskState current, RunState runState) {
    if (runState == RunState.SUCCESS || current == TaskState.RUNNING) {
      return runState == RunState.SUCCESS ? TaskState.SUCCESS : TaskState.FAILED;
    }
    return TaskState.SKIPPED;
  }

  /** One change, or two through none when the table allows no direct one; empty if neither. */
  private static List<TaskChange> path(TaskInstance ti, TaskState to, Instant at) {
    if (TaskTransitions.isAllowed(ti.state(), to)) {
      return List.of(TaskChange.of(ti, to, at));
    }
    if (TaskTransitions.isAllowed(ti.state(), TaskState.NONE)
        && TaskTransitions.isAllowed(TaskState.NONE, to)) {
      return List.of(
          TaskChange.of(ti, TaskState.NONE, at),
          TaskChange.fenced(ti.id(), ti.tryNumber(), TaskState.NONE, to, at));
    }
    return List.of();
  }

  private static List<TaskInstance> taskInstances(DSLContext db, long dagRunId) {
    return db.selectFrom(TASK_INSTANCE)
        .where(TASK_INSTANCE.DAG_RUN_ID.eq(dagRunId))
        .orderBy(TASK_INSTANCE.ID)
        .fetch(PostgresRows::taskInstance);
  }

  private static Map<String, TaskNode> structure(DSLContext db, long dagRunId) {
    return db.select(DAG.STRUCTURE)
        .from(DAG)
        .join(DAG_RUN)
        .on(DAG_RUN.DAG_ID.eq(DAG.DAG_ID))
        .where(DAG_RUN.ID.eq(dagRunId))
        .fetchOptional(DAG.STRUCTURE)
        .map(json -> DagStructure.fromJson(json.data()).tasksById())
        .orElse(Map.of());
  }
}
