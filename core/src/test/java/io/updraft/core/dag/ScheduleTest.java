package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  @Test
  void presets_translate_to_quartz_cron() {
    assertThat(Schedule.parse("@daily").quartzExpression()).isEqualTo("0 0 0 * * ? *");
    assertThat(Schedule.parse("@hourly").quartzExpression()).isEqualTo("0 0 * * * ? *");
  }

  @Test
  void a_unix_cron_expression_finds_its_next_and_previous_times() {
    Schedule schedule = Schedule.parse("30 2 * * *");
    Instant at = Instant.parse("2026-03-01T12:00:00Z");

    assertThat(schedule.nextAfter(at, ZoneOffset.UTC))
        .contains(Instant.parse("2026-03-02T02:30:00Z"));
    assertThat(schedule.previousBefore(at, ZoneOffset.UTC))
        .contains(Instant.parse("2026-03-01T02:30:00Z"));
  }

  @Test
  void none_means_manual_only() {
    assertThat(Schedule.parse(null).isNone()).isTrue();
    assertThat(Schedule.parse("none").isNone()).isTrue();
  }

  @Test
  void an_unknown_preset_lists_the_known_ones() {
    assertThatThrownBy(() -> Schedule.parse("@fortnightly"))
        .hasMessageContaining("Unknown schedule preset '@fortnightly'")
        .hasMessageContaining("@daily");
  }

  @Test
  void an_invalid_cron_expression_says_what_is_expected() {
    assertThatThrownBy(() -> Schedule.parse("61 * * * *"))
        .hasMessageContaining("Invalid cron expression '61 * * * *'")
        .hasMessageContaining("Expected 5 fields");
  }
}
