package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.config.SchedulerConfig;
import org.junit.jupiter.api.Test;

class SchedulerSettingsTest {
  @Test
  void settings_left_out_take_the_documented_defaults() {
    SchedulerSettings settings = SchedulerSettings.builder(SchedulerConfig.defaults()).build();

    assertThat(settings.config()).isEqualTo(SchedulerConfig.defaults());
    assertThat(settings.pausedOnCreation()).isFalse();
    assertThat(settings.maxMapLength()).isEqualTo(1024);
  }

  @Test
  void the_record_checks_what_the_builder_collected() {
    assertThatThrownBy(() -> SchedulerSettings.builder(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A scheduler needs its scheduler config");
    assertThatThrownBy(
            () -> SchedulerSettings.builder(SchedulerConfig.defaults()).maxMapLength(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A scheduler needs a max map length of at least 1, got 0");
  }
}
