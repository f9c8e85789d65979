package io.updraft.hooks.dagrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.state.RunState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the cross-DAG operators accept and show in the DAG's stored structure. */
class CrossDagOperatorSettingsTest {
  @Test
  void a_sensor_state_that_is_no_task_state_is_refused_naming_the_states_there_are() {
    assertThatThrownBy(() -> ExternalTaskSensor.task("other", "load").withAllowedStates("done"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'done' among the allowed states is not a task state")
        .hasMessageContaining("upstream_failed");
  }

  @Test
  void a_sensor_of_a_whole_run_takes_run_states_only() {
    assertThatThrownBy(() -> ExternalTaskSensor.run("other").withFailedStates("upstream_failed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a run state");
  }

  @Test
  void a_sensor_shows_what_it_waits_for_in_the_dag_structure() {
    Map<String, Object> fields =
        ExternalTaskSensor.task("other", "load")
            .withExecutionDelta(Duration.ofHours(1))
            .withSkippedStates("skipped")
            .describe();

    assertThat(fields)
        .containsEntry("external_dag_id", "other")
        .containsEntry("external_task_id", "load")
        .containsEntry("execution_delta", 3600L)
        .containsEntry("skipped_states", List.of("skipped"))
        .containsEntry("failed_states", List.of("failed", "upstream_failed"));
  }

  @Test
  void a_trigger_shows_its_conf_keys_but_never_their_values() {
    Map<String, Object> fields =
        TriggerDagRunOperator.of("report")
            .withConf(Map.of("token", "{{ var.value.secret }}", "day", "{{ ds }}"))
            .withFailedStates(RunState.FAILED)
            .describe();

    assertThat(fields)
        .containsEntry("trigger_dag_id", "report")
        .containsEntry("conf", List.of("day", "token"))
        .containsEntry("wait_for_completion", false);
    assertThat(fields.toString()).doesNotContain("secret");
  }

  @Test
  void a_trigger_needs_a_dag_id() {
    assertThatThrownBy(() -> TriggerDagRunOperator.of(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs the id of the DAG to trigger");
  }
}
