package io.updraft.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.task.TaskContext;
import io.updraft.core.task.TaskLog;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {
  private final TemplateRenderer renderer = new TemplateRenderer();

  /** A plain value object: templating needs values, not a store. */
  private record FixedContext(Map<String, Object> xcoms) implements TaskContext {
    public String dagId() {
      return "etl";
    }

    public String runId() {
      return "manual__2026-03-04T05:06:07+00:00";
    }

    public String taskId() {
      return "load";
    }

    public int tryNumber() {
      return 2;
    }

    public Instant logicalDate() {
      return Instant.parse("2026-03-04T05:06:07Z");
    }

    public Instant dataIntervalStart() {
      return logicalDate();
    }

    public Instant dataIntervalEnd() {
      return logicalDate().plusSeconds(86400);
    }

    public Map<String, Object> conf() {
      return Map.of("table", "sales");
    }

    public Optional<Object> xcomPull(String taskId) {
      return Optional.ofNullable(xcoms.get(taskId));
    }

    public <T> Optional<T> xcomPull(String taskId, Class<T> type) {
      return xcomPull(taskId).map(type::cast);
    }

    public <T> Optional<T> xcomPull(String taskId, String key, Class<T> type) {
      return Optional.empty();
    }

    @Override
    public void xcomPush(String key, Object value) {}

    public String render(String template) {
      return template;
    }

    public TaskLog log() {
      return line -> {};
    }
  }

  @Test
  void airflow_variables_render() {
    var vars = TemplateVariables.of(new FixedContext(Map.of("extract", 42)));

    String out =
        renderer.render(
            "{{ ds }} {{ ds_nodash }} {{ run_id }} {{ params.table | upper }} {{ ti.xcom_pull('extract') }} {{ try_number }}",
            vars);

    assertThat(out).isEqualTo("2026-03-04 20260304 manual__2026-03-04T05:06:07+00:00 SALES 42 2");
  }

  @Test
  void an_unknown_variable_is_an_error_not_an_empty_string() {
    var vars = TemplateVariables.of(new FixedContext(Map.of()));

    assertThatThrownBy(() -> renderer.render("echo {{ not_a_var }}", vars))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("not_a_var");
  }
}
