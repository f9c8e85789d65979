package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresRunStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** next-runs, backfill, pause, and params checked at trigger, as a user types them. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SchedulingCommandsTest {
  @TempDir Path dir;
  private String config;

  @BeforeEach
  void writeConfig() throws Exception {
    config = TestConfigs.migrated(dir, TestConfigs.databaseAndRedis()).toString();
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void next_runs_prints_logical_dates_and_intervals_in_the_dags_zone_across_dst() {
    CliRun result =
        run(
            "dags",
            "next-runs",
            "sched_berlin",
            "-n",
            "3",
            "--after",
            "2026-03-28",
            "--config",
            config);

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines())
        .containsExactly(
            "2026-03-28T00:00:00+01:00  2026-03-28T00:00:00+01:00  2026-03-29T00:00:00+01:00",
            "2026-03-29T00:00:00+01:00  2026-03-29T00:00:00+01:00  2026-03-30T00:00:00+02:00",
            "2026-03-30T00:00:00+02:00  2026-03-30T00:00:00+02:00  2026-03-31T00:00:00+02:00");
  }

  @Test
  void next_runs_without_after_are_the_runs_the_scheduler_creates_next() throws Exception {
    CliRun result =
        run("dags", "next-runs", "sched_berlin", "-n", "2", "-o", "json", "--config", config);

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode runs = Json.MAPPER.readTree(result.commandOut());
    // No scheduled run yet and no catch-up: the scheduler creates yesterday's interval first
    // (it ended at midnight), then today's when it ends.
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    ZonedDateTime yesterday = LocalDate.now(berlin).minusDays(1).atStartOfDay(berlin);
    DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    assertThat(runs.get(0).get("logical_date").asText()).isEqualTo(iso.format(yesterday));
    assertThat(runs.get(1).get("logical_date").asText())
        .isEqualTo(iso.format(yesterday.plusDays(1)));
  }

  @Test
  void next_runs_as_json() throws Exception {
    CliRun result =
        run(
            "dags",
            "next-runs",
            "sched_berlin",
            "-n",
            "2",
            "--after",
            "2026-07-01T00:00:00Z",
            "-o",
            "json",
            "--config",
            config);

    assertThat(result.exitCode()).isZero();
    JsonNode runs = Json.MAPPER.readTree(result.commandOut());
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).get("logical_date").asText()).isEqualTo("2026-07-02T00:00:00+02:00");
    assertThat(runs.get(0).get("data_interval_end").asText())
        .isEqualTo("2026-07-03T00:00:00+02:00");
  }

  @Test
  void a_backfill_creates_the_range_once_and_is_safe_to_run_twice() {
    CliRun first =
        run(
            "dags",
            "backfill",
            "sched_berlin",
            "--from",
            "2026-02-01",
            "--to",
            "2026-02-03",
            "--conf",
            "{\"limit\": 10}",
            "--config",
            config);
    CliRun second =
        run(
            "dags",
            "backfill",
            "sched_berlin",
            "--from",
            "2026-02-01",
            "--to",
            "2026-02-03",
            "--conf",
            "{\"limit\": 10}",
            "--config",
            config);

    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).contains("3 run(s) created, 0 already existed");
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("0 run(s) created, 3 already existed");
    assertThat(run("runs", "list", "sched_berlin", "--config", config).out())
        .contains("backfill__2026-01-31T23:00:00+00:00")
        .contains("backfill__2026-02-02T23:00:00+00:00");
  }

  @Test
  void a_trigger_without_a_required_param_names_it_and_creates_no_run() {
    CliRun result = run("dags", "trigger", "sched_berlin", "--config", config);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("Invalid conf for DAG 'sched_berlin'")
        .contains("param 'limit' is required (integer)");
    assertThat(run("runs", "list", "sched_berlin", "--config", config).out())
        .doesNotContain("manual__");
  }

  @Test
  void a_param_of_the_wrong_type_is_rejected_and_defaults_fill_the_rest() {
    CliRun wrong =
        run(
            "dags",
            "trigger",
            "sched_berlin",
            "--conf",
            "{\"limit\": \"ten\"}",
            "--config",
            config);
    CliRun right =
        run("dags", "trigger", "sched_berlin", "--conf", "{\"limit\": 10}", "--config", config);

    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).contains("param 'limit' must be of type integer, got a string (ten)");
    assertThat(right.exitCode()).isZero();
  }

  @Test
  void pause_and_unpause_show_in_dags_list() {
    assertThat(run("dags", "pause", "sched_berlin", "--config", config).out())
        .contains("Paused sched_berlin");
    assertThat(run("dags", "list", "--config", config).out())
        .containsPattern("sched_berlin\\s+@daily\\s+true");

    run("dags", "unpause", "sched_berlin", "--config", config);
    assertThat(run("dags", "list", "--config", config).out())
        .containsPattern("sched_berlin\\s+@daily\\s+false");
  }

  @Test
  void clearing_a_task_with_downstream_runs_both_again_as_a_new_try_and_reopens_the_run() {
    try (Database db = database()) {
      PostgresRunStore runs = new PostgresRunStore(db, Clock.systemUTC());
      DagRun run = finishedRun(runs, TaskState.SUCCESS, TaskState.FAILED);

      CliRun result =
          run(
              "tasks",
              "clear",
              "sched_berlin",
              run.runId(),
              "-t",
              "extract",
              "--downstream",
              "--config",
              config);

      assertThat(result.exitCode()).isZero();
      assertThat(result.out()).contains("Cleared 2 task(s)").contains("extract, load");
      assertThat(runs.taskInstances(run.id()))
          .allSatisfy(
              ti -> {
                assertThat(ti.state()).isEqualTo(TaskState.NONE);
                assertThat(ti.tryNumber()).isEqualTo(2);
                assertThat(ti.maxTries()).isEqualTo(2);
              });
      assertThat(runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.QUEUED);
    }
  }

  @Test
  void marking_a_task_and_a_run_goes_through_the_fenced_history() {
    try (Database db = database()) {
      PostgresRunStore runs = new PostgresRunStore(db, Clock.systemUTC());
      DagRun run = finishedRun(runs, TaskState.SUCCESS, TaskState.FAILED);

      CliRun task =
          run(
              "tasks",
              "mark",
              "sched_berlin",
              run.runId(),
              "load",
              "--state",
              "success",
              "--config",
              config);
      CliRun wrongTask =
          run(
              "tasks",
              "mark",
              "sched_berlin",
              run.runId(),
              "nope",
              "--state",
              "success",
              "--config",
              config);
      CliRun runMark =
          run("runs", "mark", "sched_berlin", run.runId(), "--state", "failed", "--config", config);

      assertThat(task.exitCode()).isZero();
      assertThat(wrongTask.exitCode()).isEqualTo(2);
      assertThat(wrongTask.err()).contains("has no task [nope]").contains("[extract, load]");
      assertThat(runMark.exitCode()).isZero();
      assertThat(runs.taskInstances(run.id()))
          .extracting(TaskInstance::state)
          .containsOnly(TaskState.SUCCESS);
      assertThat(runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.FAILED);
    }
  }

  private Database database() {
    var db = PostgresExtension.database();
    return Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 2));
  }

  /** A run of sched_berlin whose two tasks ended as given, and the run failed. */
  private DagRun finishedRun(PostgresRunStore runs, TaskState extract, TaskState load) {
    assertThat(
            run("dags", "trigger", "sched_berlin", "--conf", "{\"limit\": 1}", "--config", config)
                .exitCode())
        .isZero();
    DagRun run = runs.listRuns("sched_berlin", 1).getFirst();
    List<TaskInstance> tis = runs.taskInstances(run.id());
    runs.applyAll(
        List.of(
            TaskChange.of(tis.get(0), extract, Instant.now()),
            TaskChange.of(tis.get(1), load, Instant.now())));
    runs.markRun(run.id(), RunState.FAILED, Instant.now());
    return run;
  }

  @Test
  void a_date_that_is_not_a_date_says_what_is_expected() {
    CliRun result =
        run(
            "dags",
            "backfill",
            "sched_berlin",
            "--from",
            "yesterday",
            "--to",
            "2026-02-03",
            "--config",
            config);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--from 'yesterday' is not a date");
  }
}
