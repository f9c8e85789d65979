package io.updraft.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.SecretNotFoundException;
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

    @Override
    public Connection connection(String connId) {
      if (!connId.equals("sales_db")) {
        throw new SecretNotFoundException("Connection '" + connId + "' not found");
      }
      return Connection.fromUri(
          connId, "postgres://etl:pw@db.example.com:5432/sales?sslmode=require");
    }

    @Override
    public String variable(String key) {
      return switch (key) {
        case "region" -> "eu-west-1";
        case "limits" -> "{\"max\": 3, \"nested\": {\"deep\": true}}";
        default -> throw new SecretNotFoundException("Variable '" + key + "' not found");
      };
    }
  }

  @Test
  void variables_and_connections_render_as_in_airflow() {
    var vars = TemplateVariables.of(new FixedContext(Map.of()));

    String out =
        renderer.render(
            "{{ var.value.region }} {{ var.json.limits.max }} {{ var.json.limits.nested.deep }}"
                + " {{ conn.sales_db.host }}:{{ conn.sales_db.port }} {{ conn.sales_db.login }}"
                + " {{ conn.sales_db.extra_dejson.sslmode }}",
            vars);

    assertThat(out).isEqualTo("eu-west-1 3 true db.example.com:5432 etl require");
  }

  @Test
  void a_text_without_a_tag_is_returned_as_it_is() {
    var vars = TemplateVariables.of(new FixedContext(Map.of()));

    for (String text :
        new String[] {"", "echo done", "{\"a\": {\"b\": 1}}", "echo ${HOME} }} %} {", "a {"}) {
      assertThat(renderer.render(text, vars)).isEqualTo(text);
    }
  }

  @Test
  void a_tag_after_a_lone_brace_still_renders_and_comments_are_dropped() {
    var vars = TemplateVariables.of(new FixedContext(Map.of()));

    assertThat(renderer.render("{ {{ run_id }}{# why #}", vars))
        .isEqualTo("{ manual__2026-03-04T05:06:07+00:00");
    assertThat(renderer.render("{% if true %}yes{% endif %}", vars)).isEqualTo("yes");
  }

  @Test
  void an_unknown_variable_in_a_template_is_an_error_that_names_it() {
    var vars = TemplateVariables.of(new FixedContext(Map.of()));

    assertThatThrownBy(() -> renderer.render("{{ var.value.nope }}", vars))
        .hasMessageContaining("nope");
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

  @Test
  void the_xcom_of_a_skipped_or_silent_upstream_task_renders_none_as_in_airflow() {
    var vars = TemplateVariables.of(new FixedContext(Map.of()));

    String out =
        renderer.render(
            "got {{ ti.xcom_pull('skipped_task') }} and {{ ti.xcom_pull('extract', 'rows') }};"
                + " {% if ti.xcom_pull('skipped_task') %}truthy{% else %}falsy{% endif %}",
            vars);

    assertThat(out).isEqualTo("got None and None; falsy");
  }
}
