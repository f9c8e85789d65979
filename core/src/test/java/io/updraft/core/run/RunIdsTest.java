package io.updraft.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.input.InvalidInputException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunIdsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "manual__2026-01-01T00:00:00+00:00",
        "scheduled__2026-01-01T00:00:00.123456+00:00",
        "backfill__2026-01-01T00:00:00+00:00",
        "Nightly_v2.1~retry",
        "a",
        "...",
        "-starts-with-dash"
      })
  void ids_of_safe_characters_are_valid(String runId) {
    assertThat(RunIds.check(runId, "Run id")).isEqualTo(runId);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "my run",
        "a/b",
        "a\\b",
        "a%2Fb",
        "it's",
        "a\"b",
        "<b>",
        "{{ 7*7 }}",
        "{%for%}",
        "$(id)",
        "`id`",
        "a;b",
        "a&b",
        "a\u0000b",
        "a\nb",
        "a\tb",
        "\u202eabc",
        "m\u0430nual",
        "\uff4danual",
        "caf\u00e9",
        "\ud83d\ude00",
        "a\u200bb",
        ".",
        "..",
        ""
      })
  void ids_with_anything_else_are_refused_with_the_allowed_characters(String runId) {
    assertThatThrownBy(() -> RunIds.check(runId, "--run-id"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--run-id")
        .hasMessageContaining("A-Z a-z 0-9 _ . ~ : + -")
        .hasMessageContaining("250");
  }

  @Test
  void the_error_quotes_the_id_safely_and_names_the_first_bad_character() {
    assertThatThrownBy(() -> RunIds.check("ab\u0000\u202e" + "x".repeat(200), "Run id"))
        .hasMessageContaining("'\\u0000' at position 3")
        .hasMessageContaining("(204 characters, cut)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000", "\u202e"));
    assertThatThrownBy(() -> RunIds.check("\u202e" + "x".repeat(10_000), "Run id"))
        .hasMessageContaining("it has 10001 characters")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400).doesNotContain("\u202e"));
  }

  @Test
  void ids_over_250_characters_are_refused_and_250_are_fine() {
    assertThat(RunIds.isValid("r".repeat(250))).isTrue();
    assertThatThrownBy(() -> RunIds.check("r".repeat(251), "Run id"))
        .hasMessageContaining("it has 251 characters");
  }

  @Test
  void a_null_id_is_refused() {
    assertThat(RunIds.isValid(null)).isFalse();
    assertThatThrownBy(() -> RunIds.check(null, "Run id")).hasMessageContaining("empty");
  }

  @Test
  void every_generated_id_is_valid_across_the_whole_range_of_dates() {
    for (Instant date :
        List.of(
            LogicalDates.MIN,
            LogicalDates.MAX,
            Instant.parse("2026-03-29T01:30:00.000001Z"),
            Instant.parse("1970-01-01T00:00:00Z"))) {
      for (RunType type : RunType.values()) {
        String id = NewDagRun.runIdFor(type, date);
        assertThat(RunIds.isValid(id)).as(id).isTrue();
      }
    }
  }
}
