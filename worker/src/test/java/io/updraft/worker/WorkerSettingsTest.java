package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {
  private static WorkerSettings.Builder required() {
    return WorkerSettings.builder("w1")
        .hostname("host-1")
        .queues(List.of("default"))
        .slots(4)
        .heartbeatInterval(Duration.ofSeconds(5))
        .shutdownGrace(Duration.ofSeconds(30))
        .xcomMaxBytes(48 * 1024);
  }

  @Test
  void settings_left_out_take_the_documented_defaults() {
    WorkerSettings settings = required().build();

    assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.heldOutcomesMax()).isEqualTo(10_000);
    assertThat(settings.heldLogBytesMax()).isEqualTo(64L * 1024 * 1024);
    assertThat(settings.logMaxBytesPerTry()).isEqualTo(16L * 1024 * 1024);
    assertThat(settings.maxMapLength()).isEqualTo(1024);
    assertThat(settings.isolateJavaTasks()).isFalse();
  }

  @Test
  void to_builder_changes_one_setting_and_keeps_the_others() {
    WorkerSettings settings = required().maxMapLength(7).isolateJavaTasks(true).build();

    WorkerSettings changed = settings.toBuilder().lease(Duration.ofSeconds(45)).build();

    assertThat(changed.lease()).isEqualTo(Duration.ofSeconds(45));
    assertThat(changed.toBuilder().lease(settings.lease()).build()).isEqualTo(settings);
  }

  @Test
  void a_setting_without_a_default_that_was_not_set_is_named() {
    assertThatThrownBy(
            () ->
                WorkerSettings.builder("w1")
                    .queues(List.of("default"))
                    .slots(1)
                    .heartbeatInterval(Duration.ofSeconds(5))
                    .shutdownGrace(Duration.ofSeconds(5))
                    .xcomMaxBytes(1024)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Worker w1 has no hostname: call hostname(...) before build()");
  }

  @Test
  void the_record_still_checks_what_the_builder_collected() {
    assertThatThrownBy(() -> required().lease(Duration.ofSeconds(5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Worker w1 needs a lease longer than its heartbeat interval (PT5S), got PT5S");
    assertThatThrownBy(() -> required().queues(List.of()).build())
        .hasMessage("Worker w1 needs at least one queue");
  }
}
