package io.updraft.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.TriggerRule;
import io.updraft.core.state.TaskState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every trigger rule over combinations of upstream states, against what Airflow's trigger_rule_dep
 * decides. Columns are the upstream states (S success, F failed, U upstream_failed, K skipped, R
 * running); cells are the outcome: Q queued, K skipped, U upstream_failed, - wait.
 */
class TriggerRulesTest {
  private static final List<String> COLUMNS =
      List.of("SS", "SF", "SU", "SK", "KK", "FF", "FU", "UU", "SR", "FR", "KR", "SKF", "RR");

  private static final String TABLE =
      """
      all_success                 Q U U K K U U U - U K U -
      all_failed                  K K K K K Q Q Q K - K K -
      all_done                    Q Q Q Q Q Q Q Q - - - Q -
      all_skipped                 K K K K Q K K K K K - K -
      one_success                 Q Q Q Q K U U U Q - - Q -
      one_failed                  K Q Q K K Q Q Q - Q - Q -
      one_done                    Q Q Q Q K Q Q K Q Q - Q -
      none_failed                 Q U U Q Q U U U - U - U -
      none_failed_min_one_success Q U U Q K U U U - U - U -
      none_skipped                Q Q Q K K Q Q Q - - K K -
      always                      Q Q Q Q Q Q Q Q Q Q Q Q Q
      all_done_setup_success      Q Q Q Q Q Q Q Q - - - Q -
      """;

  @TestFactory
  Stream<DynamicTest> every_rule_decides_as_airflow_does() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String line : TABLE.strip().split("\n")) {
      String[] cells = line.trim().split("\\s+");
      TriggerRule rule = TriggerRule.fromWireName(cells[0]);
      for (int c = 0; c < COLUMNS.size(); c++) {
        String upstream = COLUMNS.get(c);
        Optional<TaskState> expected = outcome(cells[c + 1]);
        tests.add(
            DynamicTest.dynamicTest(
                rule.wireName() + " with upstream " + upstream + " -> " + cells[c + 1],
                () -> assertThat(TriggerRules.decide(rule, states(upstream))).isEqualTo(expected)));
      }
    }
    return tests.stream();
  }

  /** The teardown rule without setups is all_done (the table); with setups, they decide. */
  @Test
  void a_teardown_runs_once_all_is_done_when_a_setup_succeeded_whatever_the_work_did() {
    TriggerRule rule = TriggerRule.ALL_DONE_SETUP_SUCCESS;
    // upstream: the setup and the work
    assertThat(TriggerRules.decide(rule, states("SF"), states("S"))).contains(TaskState.QUEUED);
    assertThat(TriggerRules.decide(rule, states("SU"), states("S"))).contains(TaskState.QUEUED);
    assertThat(TriggerRules.decide(rule, states("SR"), states("S"))).isEmpty();
    assertThat(TriggerRules.decide(rule, states("FU"), states("F")))
        .contains(TaskState.UPSTREAM_FAILED);
    assertThat(TriggerRules.decide(rule, states("KK"), states("K"))).contains(TaskState.SKIPPED);
    // two setups: one that succeeded is enough
    assertThat(TriggerRules.decide(rule, states("SFU"), states("SF"))).contains(TaskState.QUEUED);
    assertThat(TriggerRules.decide(rule, states("FKU"), states("FK")))
        .contains(TaskState.UPSTREAM_FAILED);
  }

  @Test
  void a_task_without_upstream_runs_whatever_its_rule() {
    for (TriggerRule rule : TriggerRule.values()) {
      assertThat(TriggerRules.decide(rule, UpstreamStates.of(List.of())))
          .as(rule.wireName())
          .contains(TaskState.QUEUED);
    }
  }

  @Test
  void the_table_covers_every_rule() {
    assertThat(TABLE.lines().map(l -> l.trim().split("\\s+")[0]))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(TriggerRule.values()).map(TriggerRule::wireName).toList());
  }

  private static UpstreamStates states(String codes) {
    return UpstreamStates.of(
        codes
            .chars()
            .mapToObj(
                ch ->
                    switch (ch) {
                      case 'S' -> TaskState.SUCCESS;
                      case 'F' -> TaskState.FAILED;
                      case 'U' -> TaskState.UPSTREAM_FAILED;
                      case 'K' -> TaskState.SKIPPED;
                      case 'R' -> TaskState.RUNNING;
                      default -> throw new IllegalArgumentException("state code " + (char) ch);
                    })
            .toList());
  }

  private static Optional<TaskState> outcome(String code) {
    return switch (code) {
      case "Q" -> Optional.of(TaskState.QUEUED);
      case "K" -> Optional.of(TaskState.SKIPPED);
      case "U" -> Optional.of(TaskState.UPSTREAM_FAILED);
      case "-" -> Optional.empty();
      default -> throw new IllegalArgumentException("outcome code " + code);
    };
  }
}
