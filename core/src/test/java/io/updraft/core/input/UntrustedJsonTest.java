package io.updraft.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UntrustedJsonTest {
  @Test
  void a_conf_is_read_with_its_types_and_nulls() {
    Map<String, Object> conf =
        UntrustedJson.parseObject(
            "{\"s\": \"x\", \"i\": 1, \"n\": 1.5, \"b\": true, \"z\": null, \"l\": [1, {\"k\": []}]}",
            "--conf");

    assertThat(conf)
        .containsEntry("s", "x")
        .containsEntry("i", 1)
        .containsEntry("n", 1.5)
        .containsEntry("b", true)
        .containsEntry("z", null)
        .containsKey("l");
  }

  @Test
  void blank_text_is_an_empty_conf() {
    assertThat(UntrustedJson.parseObject("  ", "--conf")).isEmpty();
    assertThat(UntrustedJson.parseObject(null, "--conf")).isEmpty();
  }

  @Test
  void a_nul_character_in_a_string_or_a_key_is_refused_naming_where() {
    assertThatThrownBy(
            () -> UntrustedJson.parseObject("{\"a\": {\"b\": [\"ok\", \"x\\u0000\"]}}", "--conf"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--conf at a.b[1] contains a NUL character");
    assertThatThrownBy(() -> UntrustedJson.parseObject("{\"a\\u0000\": 1}", "--conf"))
        .hasMessageContaining("a key of --conf contains a NUL character");
    assertThatThrownBy(() -> UntrustedJson.check(Map.of("t", "a\u0000"), "conf"))
        .hasMessageContaining("conf.t contains a NUL character");
  }

  @Test
  void a_lone_surrogate_is_refused_and_a_pair_is_fine() {
    assertThatThrownBy(() -> UntrustedJson.parseObject("{\"a\": \"\\ud800x\"}", "--conf"))
        .hasMessageContaining("lone UTF-16 surrogate");
    assertThatThrownBy(() -> UntrustedJson.parseObject("{\"a\": \"x\\udc00\"}", "--conf"))
        .hasMessageContaining("lone UTF-16 surrogate");
    assertThat(UntrustedJson.parseObject("{\"a\": \"\\ud83d\\ude00\"}", "--conf"))
        .containsEntry("a", "\ud83d\ude00");
  }

  @Test
  void text_nested_thousands_deep_is_refused_without_running_out_of_stack() {
    for (String open : List.of("[", "{\"a\": ")) {
      String close = open.equals("[") ? "]" : "}";
      String deep = "{\"x\": " + open.repeat(100_000) + "1" + close.repeat(100_000) + "}";

      assertThatThrownBy(() -> UntrustedJson.parseObject(deep, "--conf"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("nested too deeply")
          .hasMessageContaining("64 levels");
    }
  }

  @Test
  void nesting_up_to_the_limit_is_fine_and_one_more_is_not() {
    String ok = "[".repeat(UntrustedJson.MAX_DEPTH - 1) + "]".repeat(UntrustedJson.MAX_DEPTH - 1);
    assertThat(UntrustedJson.parseObject("{\"x\": " + ok + "}", "--conf")).containsKey("x");

    String over = "[".repeat(UntrustedJson.MAX_DEPTH) + "]".repeat(UntrustedJson.MAX_DEPTH);
    assertThatThrownBy(() -> UntrustedJson.parseObject("{\"x\": " + over + "}", "--conf"))
        .hasMessageContaining("nested too deeply");
  }

  @Test
  void a_value_built_in_java_is_held_to_the_same_depth() {
    Map<String, Object> root = new HashMap<>();
    Map<String, Object> at = root;
    for (int i = 0; i < 1000; i++) {
      Map<String, Object> next = new HashMap<>();
      at.put("a", next);
      at = next;
    }

    assertThatThrownBy(() -> UntrustedJson.check(root, "conf"))
        .hasMessageContaining("nested too deeply");
  }

  @Test
  void a_number_beyond_a_double_is_refused() {
    assertThatThrownBy(() -> UntrustedJson.parseObject("{\"x\": 1e999}", "--conf"))
        .hasMessageContaining("--conf at x is a number out of range");
    List<Object> values = new ArrayList<>();
    values.add(Double.NaN);
    assertThatThrownBy(() -> UntrustedJson.check(Map.of("x", values), "conf"))
        .hasMessageContaining("conf.x[0] is a number out of range");
  }

  @Test
  void large_integers_are_kept_exactly() {
    assertThat(UntrustedJson.parseObject("{\"x\": 123456789012345678901234567890}", "--conf"))
        .containsEntry("x", new java.math.BigInteger("123456789012345678901234567890"));
  }

  @Test
  void text_that_is_not_a_json_object_says_what_it_is() {
    assertThatThrownBy(() -> UntrustedJson.parseObject("[1]", "--conf"))
        .hasMessageContaining("--conf must be a JSON object")
        .hasMessageContaining("got an array");
    assertThatThrownBy(() -> UntrustedJson.parseObject("\"text\"", "--conf"))
        .hasMessageContaining("got a string");
    assertThatThrownBy(() -> UntrustedJson.parseObject("{nope", "--conf"))
        .hasMessageContaining("--conf is not valid JSON (line 1, column");
    assertThatThrownBy(() -> UntrustedJson.parseObject("{} {}", "--conf"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void a_quoted_value_in_a_message_is_escaped_and_cut() {
    assertThat(InvalidInputException.quote("a'b\u0000\u202e\n"))
        .isEqualTo("'a\\u0027b\\u0000\\u202e\\u000a'");
    assertThat(InvalidInputException.quote("x".repeat(100))).endsWith("(100 characters, cut)");
  }
}
