package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessHealthTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static ProcessHealth health(Optional<Instant> lastLoop, boolean redisUp) {
    return new ProcessHealth(
        "worker w1",
        () -> true,
        () -> redisUp,
        "worker heartbeat",
        () -> lastLoop,
        Duration.ofSeconds(30),
        CLOCK);
  }

  @Test
  void a_loop_that_completed_within_its_limit_with_database_and_redis_up_is_healthy() {
    ProcessHealth.Report report = health(Optional.of(NOW.minusSeconds(29)), true).check();

    assertThat(report.healthy()).isTrue();
    assertThat(report.body())
        .containsEntry("status", "healthy")
        .containsEntry("process", "worker w1");
  }

  @Test
  void a_loop_older_than_its_limit_is_unhealthy_and_says_when_it_last_ran() {
    ProcessHealth.Report report = health(Optional.of(NOW.minusSeconds(31)), true).check();

    assertThat(report.healthy()).isFalse();
    assertThat(report.body()).containsEntry("status", "unhealthy");
    assertThat(report.body().get("heartbeat"))
        .isEqualTo(
            Map.of(
                "name", "worker heartbeat",
                "status", "unhealthy",
                "latest_heartbeat", "2026-03-01T11:59:29Z",
                "limit_seconds", 30L));
  }

  @Test
  void a_loop_that_never_ran_is_unhealthy() {
    assertThat(health(Optional.empty(), true).check().healthy()).isFalse();
  }

  @Test
  void a_check_that_throws_counts_as_down_and_the_report_still_comes() {
    ProcessHealth throwing =
        new ProcessHealth(
            "scheduler",
            () -> {
              throw new IllegalStateException("pool closed");
            },
            () -> true,
            "scheduler sweep",
            () -> Optional.of(NOW),
            Duration.ofSeconds(30),
            CLOCK);

    ProcessHealth.Report report = throwing.check();

    assertThat(report.healthy()).isFalse();
    assertThat(report.body()).containsEntry("metadatabase", Map.of("status", "unhealthy"));
  }
}
