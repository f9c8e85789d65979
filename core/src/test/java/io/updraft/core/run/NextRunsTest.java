package io.updraft.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.schedule.DataInterval;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The next runs as the scheduler creates them, with "now" fixed: mid-afternoon on 5 December. */
class NextRunsTest {
  private static final Instant NOW = Instant.parse("2026-12-05T15:30:00Z");

  private static DagStructure daily(boolean catchup) {
    return Dag.builder("daily")
        .schedule("@daily")
        .startDate(Instant.parse("2026-11-01T00:00:00Z"))
        .catchup(catchup)
        .task(Task.bash("t", "true"))
        .build()
        .structure();
  }

  private static DataInterval day(String start, String end) {
    return new DataInterval(Instant.parse(start + "T00:00:00Z"), Instant.parse(end + "T00:00:00Z"));
  }

  @Test
  void after_yesterdays_run_the_next_run_is_todays_interval_created_at_midnight() {
    assertThat(NextRuns.of(daily(false), Optional.of(day("2026-12-04", "2026-12-05")), NOW, 2))
        .containsExactly(day("2026-12-05", "2026-12-06"), day("2026-12-06", "2026-12-07"));
  }

  @Test
  void without_catch_up_a_dag_behind_runs_its_latest_complete_interval_next() {
    assertThat(NextRuns.next(daily(false), Optional.of(day("2026-11-20", "2026-11-21")), NOW))
        .contains(day("2026-12-04", "2026-12-05"));
  }

  @Test
  void with_catch_up_a_dag_behind_runs_the_interval_after_its_latest_next() {
    assertThat(NextRuns.next(daily(true), Optional.of(day("2026-11-20", "2026-11-21")), NOW))
        .contains(day("2026-11-21", "2026-11-22"));
  }

  @Test
  void a_new_dag_with_catch_up_starts_at_its_start_date() {
    assertThat(NextRuns.next(daily(true), Optional.empty(), NOW))
        .contains(day("2026-11-01", "2026-11-02"));
  }

  @Test
  void a_dag_without_a_schedule_has_no_next_run() {
    DagStructure manual = Dag.builder("manual").task(Task.bash("t", "true")).build().structure();

    assertThat(NextRuns.of(manual, Optional.empty(), NOW, 3)).isEmpty();
  }
}
