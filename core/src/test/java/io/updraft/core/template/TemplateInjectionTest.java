package io.updraft.core.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.task.TaskContext;
import io.updraft.core.task.TaskLog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A run id, conf and params come from whoever triggers a run. A template that uses them must print
 * them as they are: rendering is one pass, and what a variable holds is never a template itself.
 */
class TemplateInjectionTest {
  private static final List<String> ATTACKS =
      List.of(
          "{{ 7*7 }}",
          "{% for i in range(3) %}x{% endfor %}",
          "{{ conf }}",
          "{{ var.value.region }}",
          "{{ conn.sales_db.password }}",
          "{# hidden #}",
          "{% raw %}{{ 1 }}{% endraw %}",
          "{{ '{{ 7*7 }}' }}",
          "{% set x = 1 %}{{ x }}",
          "{{ ti.xcom_pull('extract') }}",
          "{%- if true -%}yes{%- endif -%}");

  private final TemplateRenderer renderer = new TemplateRenderer();

  private record Run(String runId, Map<String, Object> conf) implements TaskContext {
    public String dagId() {
      return "etl";
    }

    public String taskId() {
      return "load";
    }

    public int tryNumber() {
      return 1;
    }

    public Instant logicalDate() {
      return Instant.parse("2026-03-04T00:00:00Z");
    }

    public Instant dataIntervalStart() {
      return logicalDate();
    }

    public Instant dataIntervalEnd() {
      return logicalDate();
    }

    public Optional<Object> xcomPull(String taskId) {
      return Optional.of("{{ 6*6 }}");
    }

    public <T> Optional<T> xcomPull(String taskId, Class<T> type) {
      return xcomPull(taskId).map(type::cast);
    }

    public <T> Optional<T> xcomPull(String taskId, String key, Class<T> type) {
      return Optional.empty();
    }

    public void xcomPush(String key, Object value) {}

    public String render(String template) {
      return template;
    }

    public TaskLog log() {
      return line -> {};
    }

    @Override
    public String variable(String key) {
      return "{{ 5*5 }}";
    }
  }

  @Test
  void template_syntax_inside_conf_values_comes_out_verbatim() {
    for (String attack : ATTACKS) {
      Map<String, Object> vars = TemplateVariables.of(new Run("r1", Map.of("table", attack)));

      assertThat(renderer.render("{{ conf.table }}", vars)).as(attack).isEqualTo(attack);
      assertThat(renderer.render("{{ params.table }}", vars)).as(attack).isEqualTo(attack);
      assertThat(renderer.render("{{ dag_run.conf.table }}", vars)).as(attack).isEqualTo(attack);
      assertThat(renderer.render("{{ conf['table'] | upper | lower }}", vars))
          .as(attack)
          .isEqualTo(attack.toLowerCase(java.util.Locale.ROOT));
    }
  }

  @Test
  void template_syntax_inside_a_run_id_comes_out_verbatim() {
    for (String attack : ATTACKS) {
      Map<String, Object> vars = TemplateVariables.of(new Run(attack, Map.of()));

      assertThat(renderer.render("run {{ run_id }} / {{ dag_run.run_id }}", vars))
          .as(attack)
          .isEqualTo("run " + attack + " / " + attack);
    }
  }

  @Test
  void template_syntax_inside_xcom_and_variables_comes_out_verbatim() {
    Map<String, Object> vars = TemplateVariables.of(new Run("r1", Map.of()));

    assertThat(renderer.render("{{ ti.xcom_pull('extract') }}", vars)).isEqualTo("{{ 6*6 }}");
    assertThat(renderer.render("{{ var.value.region }}", vars)).isEqualTo("{{ 5*5 }}");
  }

  @Test
  void template_syntax_inside_a_conf_key_or_nested_value_comes_out_verbatim() {
    Map<String, Object> conf =
        Map.of(
            "{{ 7*7 }}", List.of("{{ 8*8 }}", Map.of("deep", "{% for x in [1] %}x{% endfor %}")));
    Map<String, Object> vars = TemplateVariables.of(new Run("r1", conf));

    assertThat(
            renderer.render(
                "{% for k, v in conf.items() %}{{ k }}={{ v[0] }}|{{ v[1].deep }}{% endfor %}",
                vars))
        .isEqualTo("{{ 7*7 }}={{ 8*8 }}|{% for x in [1] %}x{% endfor %}");
  }

  @Test
  void the_template_itself_still_renders_expressions_and_loops() {
    Map<String, Object> vars = TemplateVariables.of(new Run("r1", Map.of("n", 3)));

    assertThat(renderer.render("{{ 7*7 }} {% for i in range(conf.n) %}{{ i }}{% endfor %}", vars))
        .isEqualTo("49 012");
  }
}
