package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A try recorded alone with nothing for the worker to plan (a run too large to plan after each try,
 * no downstream task): its log goes with its outcome, in one statement and one commit, and a late
 * outcome's log is still written.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class LoneTryRecordingTest {
  private StepHarness fx;
  private DagRun run;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void a_lone_try_commits_its_log_in_the_transaction_of_its_outcome() {
    Dag dag = withManyOthers(Dag.builder("lone_try").task(Task.java("only", ctx -> null)));
    fx = new StepHarness(dag);
    run = fx.trigger(dag);

    fx.tickUntilIdle(50);

    TaskInstance ti = fx.task(run, "only");
    assertThat(ti.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.log(run, "only", 1))
        .contains("Running lone_try.only try 1/")
        .contains("succeeded");
    List<Long> logTransactions =
        fx.database
            .dsl()
            .fetch(
                "select xmin::text::bigint from task_log where task_instance_id = ? and try_number"
                    + " = 1",
                ti.id())
            .getValues(0, Long.class);
    Long outcomeTransaction =
        fx.database
            .dsl()
            .fetchOne("select xmin::text::bigint from task_instance where id = ?", ti.id())
            .get(0, Long.class);
    assertThat(logTransactions).containsExactly(outcomeTransaction);
  }

  /** Too many tasks for the worker to plan the run after each try. */
  private static Dag withManyOthers(Dag.Builder builder) {
    for (int i = 0; i < 100; i++) {
      builder.task(Task.java("other_" + i, ctx -> null));
    }
    return builder.build();
  }

  @Test
  void a_lone_try_whose_outcome_comes_late_still_writes_its_log() {
    Dag dag =
        withManyOthers(
            Dag.builder("late_try")
                .task(
                    Task.java(
                        "reaped",
                        ctx -> {
                          // Meanwhile the try is ended elsewhere, as a reaper would: the fence of
                          // this
                          // try's own outcome then matches nothing.
                          TaskInstance self = fx.task(run, "reaped");
                          fx.runs.apply(
                              TaskChange.outcome(
                                  self.id(), 1, TaskState.FAILED, fx.clock.instant(), null));
                          return null;
                        })));
    fx = new StepHarness(dag);
    run = fx.trigger(dag);

    fx.tickUntilIdle(50);

    assertThat(fx.task(run, "reaped").state()).isEqualTo(TaskState.FAILED);
    assertThat(fx.log(run, "reaped", 1))
        .contains("Running late_try.reaped try 1/")
        .contains("Task succeeded in");
  }
}
