package io.updraft.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Param;
import io.updraft.core.dag.Task;
import io.updraft.core.input.InvalidInputException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManualTriggerTest {
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456789Z");
  private static final DagStructure DAG =
      Dag.builder("etl")
          .param("table", "sales")
          .param("limit", Param.required("integer"))
          .param("ratio", new Param(null, "number", false, ""))
          .param("flags", new Param(null, "array", false, ""))
          .param("options", new Param(null, "object", false, ""))
          .param("dry", new Param(null, "boolean", false, ""))
          .task(Task.bash("t", "echo"))
          .build()
          .structure();

  private static NewDagRun trigger(Map<String, Object> conf) {
    return ManualTrigger.request(DAG, null, null, conf, NOW);
  }

  @Test
  void defaults_are_filled_in_and_undeclared_keys_pass_through() {
    NewDagRun run = trigger(Map.of("limit", 5, "other", "kept"));

    assertThat(run.conf())
        .containsEntry("table", "sales")
        .containsEntry("limit", 5)
        .containsEntry("other", "kept");
    assertThat(run.runId()).isEqualTo("manual__2026-03-04T05:06:07.123456+00:00");
    assertThat(run.logicalDate()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456Z"));
  }

  @Test
  void a_missing_required_param_is_named_with_its_type_and_an_example() {
    assertThatThrownBy(() -> trigger(Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Invalid conf for DAG 'etl'")
        .hasMessageContaining("param 'limit' is required (integer)")
        .hasMessageContaining("{\"limit\": 10}");
    Map<String, Object> explicitNull = new HashMap<>();
    explicitNull.put("limit", null);
    assertThatThrownBy(() -> trigger(explicitNull))
        .hasMessageContaining("param 'limit' is required");
  }

  @Test
  void values_of_another_json_type_are_refused_whatever_they_look_like() {
    Map<String, List<Object>> wrong =
        Map.of(
            "limit", List.of("10", 10.0, 1.5, true, List.of(10), Map.of("v", 10)),
            "ratio", List.of("1.5", false, List.of()),
            "table", List.of(1, true, List.of("sales"), Map.of()),
            "flags", List.of("a,b", Map.of(), 1),
            "options", List.of("{}", List.of(), 0),
            "dry", List.of("true", 1, 0, "yes"));
    wrong.forEach(
        (name, values) -> {
          for (Object value : values) {
            Map<String, Object> conf = new HashMap<>(Map.of("limit", 1));
            conf.put(name, value);
            assertThatThrownBy(() -> trigger(conf))
                .as("%s = %s", name, value)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("param '" + name + "' must be of type");
          }
        });
  }

  @Test
  void values_of_the_declared_type_are_accepted_and_an_integer_is_a_number() {
    NewDagRun run =
        trigger(
            Map.of(
                "limit",
                new BigInteger("123456789012345678901234567890"),
                "ratio",
                3,
                "flags",
                List.of("a"),
                "options",
                Map.of("k", "v"),
                "dry",
                false));

    assertThat(run.conf()).containsEntry("ratio", 3).containsEntry("dry", false);
  }

  @Test
  void a_long_wrong_value_is_cut_in_the_message() {
    assertThatThrownBy(() -> trigger(Map.of("limit", "9".repeat(10_000))))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }

  @Test
  void a_run_id_and_a_logical_date_are_checked() {
    assertThatThrownBy(() -> ManualTrigger.request(DAG, "a b", null, Map.of("limit", 1), NOW))
        .hasMessageContaining("A-Z a-z 0-9 _ . ~ : + -");
    assertThatThrownBy(
            () ->
                ManualTrigger.request(
                    DAG, null, Instant.parse("+99999-01-01T00:00:00Z"), Map.of("limit", 1), NOW))
        .hasMessageContaining("9999-12-31T23:59:59Z");
  }

  @Test
  void a_conf_with_a_nul_character_is_refused_before_the_params() {
    assertThatThrownBy(() -> trigger(Map.of("limit", 1, "note", "a\u0000")))
        .hasMessageContaining("conf.note contains a NUL character");
  }

  @Test
  void a_new_run_refuses_a_conf_the_database_cannot_store_and_keeps_nulls() {
    assertThatThrownBy(
            () ->
                new NewDagRun(
                    "etl", "r1", RunType.MANUAL, NOW, NOW, NOW, Map.of("note", "a\u0000")))
        .isInstanceOf(InvalidInputException.class);
    Map<String, Object> conf = new HashMap<>();
    conf.put("note", null);

    assertThat(new NewDagRun("etl", "r1", RunType.MANUAL, NOW, NOW, NOW, conf).conf())
        .containsEntry("note", null);
  }

  @Test
  void each_param_problem_is_kept_by_the_params_name_for_a_form_to_show_by_its_field() {
    assertThatThrownBy(() -> trigger(Map.of("table", 1)))
        .isInstanceOfSatisfying(
            io.updraft.core.dag.InvalidParamsException.class,
            e ->
                assertThat(e.problems())
                    .containsOnlyKeys("limit", "table")
                    .hasEntrySatisfying(
                        "table", p -> assertThat(p).startsWith("param 'table' must be of type")));
  }
}
