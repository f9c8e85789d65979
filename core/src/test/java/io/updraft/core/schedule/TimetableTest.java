package io.updraft.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagValidationException;
import io.updraft.core.dag.Schedule;
import io.updraft.core.dag.Task;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Data intervals with "now" fixed by each test: DST changes, month ends, catch-up. */
class TimetableTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant utc(String localDateTime) {
    return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC);
  }

  private static Instant at(String localDateTime, ZoneId zone) {
    return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
  }

  private static Timetable daily(boolean unused) {
    return new Timetable(Schedule.parse("@daily"), ZoneId.of("UTC"), JAN_1, null);
  }

  @Test
  void a_daily_interval_in_berlin_lasts_23_hours_on_the_day_clocks_go_forward() {
    Timetable t = new Timetable(Schedule.parse("@daily"), BERLIN, null, null);

    List<DataInterval> intervals = t.upcoming(at("2026-03-28T00:00", BERLIN), 3);

    assertThat(intervals)
        .extracting(i -> Duration.between(i.start(), i.end()))
        .containsExactly(Duration.ofHours(24), Duration.ofHours(23), Duration.ofHours(24));
    assertThat(intervals.get(1).start()).isEqualTo(at("2026-03-29T00:00", BERLIN));
    assertThat(intervals.get(1).end()).isEqualTo(at("2026-03-30T00:00", BERLIN));
  }

  @Test
  void a_daily_interval_in_new_york_lasts_25_hours_on_the_day_clocks_go_back() {
    Timetable t = new Timetable(Schedule.parse("0 0 * * *"), NEW_YORK, null, null);

    List<DataInterval> intervals = t.upcoming(at("2026-11-01T00:00", NEW_YORK), 1);

    assertThat(Duration.between(intervals.getFirst().start(), intervals.getFirst().end()))
        .isEqualTo(Duration.ofHours(25));
  }

  @Test
  void a_local_time_that_happens_twice_when_clocks_go_back_runs_once() {
    Timetable t = new Timetable(Schedule.parse("30 1 * * *"), NEW_YORK, null, null);

    List<DataInterval> intervals = t.upcoming(at("2026-10-31T00:00", NEW_YORK), 3);

    assertThat(intervals)
        .extracting(DataInterval::start)
        .containsExactly(
            at("2026-10-31T01:30", NEW_YORK),
            Instant.parse("2026-11-01T05:30:00Z"), // 01:30 EDT, the first of the two
            at("2026-11-02T01:30", NEW_YORK));
  }

  @Test
  void a_local_time_that_does_not_exist_when_clocks_go_forward_has_no_run_that_day() {
    Timetable t = new Timetable(Schedule.parse("30 2 * * *"), BERLIN, null, null);

    List<DataInterval> intervals = t.upcoming(at("2026-03-28T02:30", BERLIN), 2);

    // The interval covers both days, so no data falls between two runs.
    assertThat(intervals.getFirst())
        .isEqualTo(
            new DataInterval(at("2026-03-28T02:30", BERLIN), at("2026-03-30T02:30", BERLIN)));
  }

  @Test
  void hourly_runs_cover_both_one_oclocks_of_the_night_clocks_go_back() {
    Timetable t = new Timetable(Schedule.parse("@hourly"), NEW_YORK, null, null);

    List<DataInterval> intervals = t.upcoming(Instant.parse("2026-11-01T04:00:00Z"), 4);

    assertThat(intervals)
        .allSatisfy(i -> assertThat(Duration.between(i.start(), i.end())).hasHours(1));
    assertThat(intervals).extracting(DataInterval::start).doesNotHaveDuplicates();
  }

  @Test
  void monthly_intervals_follow_the_calendar_across_month_ends_and_a_leap_day() {
    Timetable t =
        new Timetable(Schedule.parse("@monthly"), ZoneId.of("UTC"), utc("2028-01-01T00:00"), null);

    assertThat(t.upcoming(utc("2028-01-01T00:00"), 3))
        .containsExactly(
            new DataInterval(utc("2028-01-01T00:00"), utc("2028-02-01T00:00")),
            new DataInterval(utc("2028-02-01T00:00"), utc("2028-03-01T00:00")),
            new DataInterval(utc("2028-03-01T00:00"), utc("2028-04-01T00:00")));
  }

  @Test
  void a_cron_on_the_31st_skips_shorter_months() {
    Timetable t = new Timetable(Schedule.parse("0 0 31 * *"), ZoneId.of("UTC"), null, null);

    assertThat(t.upcoming(utc("2026-01-01T00:00"), 3))
        .extracting(DataInterval::start)
        .containsExactly(utc("2026-01-31T00:00"), utc("2026-03-31T00:00"), utc("2026-05-31T00:00"));
  }

  @Test
  void with_catch_up_every_missed_interval_since_the_start_date_is_due() {
    Instant now = utc("2026-01-05T10:00");

    List<DataInterval> due = daily(true).due(Optional.empty(), true, now, 100);

    assertThat(due)
        .extracting(DataInterval::start)
        .containsExactly(
            utc("2026-01-01T00:00"),
            utc("2026-01-02T00:00"),
            utc("2026-01-03T00:00"),
            utc("2026-01-04T00:00"));
  }

  @Test
  void without_catch_up_only_the_latest_complete_interval_is_due() {
    Instant now = utc("2026-01-05T10:00");

    assertThat(daily(false).due(Optional.empty(), false, now, 100))
        .containsExactly(new DataInterval(utc("2026-01-04T00:00"), utc("2026-01-05T00:00")));
    DataInterval old = new DataInterval(utc("2026-01-01T00:00"), utc("2026-01-02T00:00"));
    assertThat(daily(false).due(Optional.of(old), false, now, 100))
        .containsExactly(new DataInterval(utc("2026-01-04T00:00"), utc("2026-01-05T00:00")));
  }

  @Test
  void an_interval_is_due_only_once_it_has_ended() {
    DataInterval last = new DataInterval(utc("2026-01-03T00:00"), utc("2026-01-04T00:00"));

    assertThat(daily(true).due(Optional.of(last), true, utc("2026-01-04T23:59"), 10)).isEmpty();
    assertThat(daily(true).due(Optional.of(last), true, utc("2026-01-05T00:00"), 10))
        .containsExactly(new DataInterval(utc("2026-01-04T00:00"), utc("2026-01-05T00:00")));
  }

  @Test
  void no_interval_starts_after_the_end_date() {
    Timetable t =
        new Timetable(Schedule.parse("@daily"), ZoneId.of("UTC"), JAN_1, utc("2026-01-02T00:00"));

    assertThat(t.due(Optional.empty(), true, utc("2026-02-01T00:00"), 100))
        .extracting(DataInterval::start)
        .containsExactly(utc("2026-01-01T00:00"), utc("2026-01-02T00:00"));
  }

  @Test
  void a_fixed_interval_counts_from_the_start_date() {
    Timetable t =
        new Timetable(
            Schedule.every(Duration.ofHours(6)), ZoneId.of("UTC"), utc("2026-01-01T01:00"), null);

    assertThat(t.due(Optional.empty(), true, utc("2026-01-01T14:00"), 100))
        .containsExactly(
            new DataInterval(utc("2026-01-01T01:00"), utc("2026-01-01T07:00")),
            new DataInterval(utc("2026-01-01T07:00"), utc("2026-01-01T13:00")));
    assertThat(Schedule.parse("PT6H")).isEqualTo(Schedule.every(Duration.ofHours(6)));
  }

  @Test
  void once_makes_one_run_at_the_start_date() {
    Timetable t = new Timetable(Schedule.parse("@once"), ZoneId.of("UTC"), JAN_1, null);

    assertThat(t.due(Optional.empty(), false, utc("2026-03-01T00:00"), 10))
        .containsExactly(new DataInterval(JAN_1, JAN_1));
    assertThat(
            t.due(Optional.of(new DataInterval(JAN_1, JAN_1)), false, utc("2026-04-01T00:00"), 10))
        .isEmpty();
  }

  @Test
  void a_backfill_range_covers_the_logical_dates_inside_it() {
    assertThat(daily(true).between(utc("2026-01-10T00:00"), utc("2026-01-12T00:00"), 100))
        .extracting(DataInterval::start)
        .containsExactly(utc("2026-01-10T00:00"), utc("2026-01-11T00:00"), utc("2026-01-12T00:00"));
  }

  @Test
  void none_has_no_intervals() {
    Timetable t = new Timetable(Schedule.none(), ZoneId.of("UTC"), JAN_1, null);

    assertThat(t.due(Optional.empty(), true, utc("2026-03-01T00:00"), 10)).isEmpty();
    assertThat(t.upcoming(JAN_1, 5)).isEmpty();
  }

  @Test
  void an_invalid_cron_expression_names_the_dag_and_the_value() {
    assertThatThrownBy(
            () ->
                Dag.builder("bad_cron")
                    .schedule("0 25 * * *")
                    .task(Task.java("t", ctx -> null))
                    .build())
        .isInstanceOf(DagValidationException.class)
        .hasMessageContaining("DAG 'bad_cron'")
        .hasMessageContaining("'0 25 * * *'");
  }

  @Test
  void an_unknown_time_zone_names_the_dag_and_the_value() {
    assertThatThrownBy(
            () ->
                Dag.builder("bad_zone")
                    .schedule("@daily")
                    .timezone("Europe/Berln")
                    .task(Task.java("t", ctx -> null))
                    .build())
        .isInstanceOf(DagValidationException.class)
        .hasMessageContaining("DAG 'bad_zone'")
        .hasMessageContaining("'Europe/Berln'");
  }
}
