package io.updraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DagsFilterTest {
  @Test
  void a_filter_is_empty_without_any_value_or_with_status_all_only() {
    assertThat(new DagsFilter(null, null, null, null, null).isEmpty()).isTrue();
    assertThat(new DagsFilter(null, null, null, "all", null).isEmpty()).isTrue();
  }

  @Test
  void any_value_but_status_all_makes_a_filter() {
    assertThat(new DagsFilter("sales", null, null, null, null).isEmpty()).isFalse();
    assertThat(new DagsFilter(null, "finance", null, null, null).isEmpty()).isFalse();
    assertThat(new DagsFilter(null, null, "ada", null, null).isEmpty()).isFalse();
    assertThat(new DagsFilter(null, null, null, "paused", null).isEmpty()).isFalse();
    assertThat(new DagsFilter(null, null, null, "active", null).isEmpty()).isFalse();
    assertThat(new DagsFilter(null, null, null, null, "none").isEmpty()).isFalse();
  }
}
