package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Task.latestOnly, Airflow's LatestOnlyOperator, in scheduled runs old and new and a manual one.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class LatestOnlyTest {
  private static final Dag DAG =
      Dag.builder("latest_only")
          .schedule("@daily")
          .startDate(LocalDate.of(2026, 1, 1))
          .task(Task.latestOnly("latest_only"))
          .task(Task.java("notify", ctx -> "sent").after("latest_only"))
          .build();

  private StepHarness fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  /** A scheduled run of the day {@code daysBack} before the harness's day (1: yesterday). */
  private DagRun scheduled(int daysBack) {
    Instant start =
        StepHarness.T0
            .truncatedTo(java.time.temporal.ChronoUnit.DAYS)
            .minus(Duration.ofDays(daysBack));
    DagRun run =
        fx.start(
            DAG,
            new NewDagRun(
                DAG.id(),
                "scheduled__" + start,
                RunType.SCHEDULED,
                start,
                start,
                start.plus(Duration.ofDays(1)),
                Map.of()));
    fx.tickUntilIdle(20);
    return fx.run(run);
  }

  @Test
  void the_latest_scheduled_run_goes_on_and_an_older_one_skips_what_follows() {
    fx = new StepHarness(DAG);

    DagRun yesterday = scheduled(1);
    DagRun lastWeek = scheduled(7);

    assertThat(yesterday.state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.task(yesterday, "notify").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(lastWeek.state()).isEqualTo(RunState.SUCCESS);
    assertThat(fx.task(lastWeek, "latest_only").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.task(lastWeek, "notify").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(fx.log(lastWeek, "latest_only", 1)).contains("Not the latest run");
  }

  @Test
  void a_manual_run_always_goes_on() {
    fx = new StepHarness(DAG);

    DagRun run = fx.trigger(DAG);
    fx.tickUntilIdle(20);

    assertThat(fx.task(fx.run(run), "notify").state()).isEqualTo(TaskState.SUCCESS);
  }
}
