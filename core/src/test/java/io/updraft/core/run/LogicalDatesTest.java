package io.updraft.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.input.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogicalDatesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "+99999-01-01T00:00:00Z",
        "-5000-01-01T00:00:00Z",
        "0000-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z",
        "+999999999-12-31T23:59:59Z"
      })
  void dates_outside_years_1_to_9999_are_refused_with_the_range(String text) {
    assertThatThrownBy(() -> LogicalDates.parse(text, "'logical_date'"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'logical_date'")
        .hasMessageContaining("0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2026-13-01T00:00:00Z", "2026-01-01", "", "1e9"})
  void text_that_is_no_date_time_is_refused_with_an_example(String text) {
    assertThatThrownBy(() -> LogicalDates.parse(text, "'logical_date'"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("ISO-8601")
        .hasMessageContaining("2026-01-01T00:00:00Z");
  }

  @Test
  void the_first_and_last_instants_of_the_range_are_accepted() {
    assertThat(LogicalDates.parse("0001-01-01T00:00:00Z", "d")).isEqualTo(LogicalDates.MIN);
    assertThat(LogicalDates.parse("9999-12-31T23:59:59.999999Z", "d")).isEqualTo(LogicalDates.MAX);
    assertThat(LogicalDates.parse(" 2026-01-01T01:00:00+01:00 ", "d"))
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }
}
