package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static io.updraft.api.TestApi.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RenderedField;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The templates a try rendered, through the API and on the task's page. */
@ExtendWith(PostgresExtension.class)
class RenderedFieldsApiTest {
  private static final Dag DAG =
      Dag.builder("etl").task(Task.bash("extract", "echo {{ ds }}")).build();
  private static final String TI = "/api/v1/dags/etl/dagRuns/r1/taskInstances/extract";

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private TaskInstance ranOnce() {
    api.save(DAG);
    DagRun run = api.run(DAG, "r1", T0, RunState.RUNNING);
    TaskInstance ti =
        api.move(
            api.taskInstances(run).getFirst(),
            "w1",
            T0,
            TaskState.QUEUED,
            TaskState.RUNNING,
            TaskState.SUCCESS);
    api.renderedFields.save(
        ti.id(),
        1,
        List.of(
            new RenderedField("echo {{ ds }}", "echo 2026-01-01"),
            new RenderedField("psql -W {{ conn.db.password }}", "psql -W ***")));
    return ti;
  }

  @Test
  void a_viewer_reads_the_templates_a_try_rendered_in_order() {
    ranOnce();

    JsonNode current = json(api.as(Role.VIEWER).get(TI + "/renderedFields"));
    JsonNode first = json(api.as(Role.VIEWER).get(TI + "/renderedFields?try_number=1"));

    assertThat(current).isEqualTo(first);
    assertThat(first.get("try_number").asInt()).isEqualTo(1);
    assertThat(first.get("task_id").asText()).isEqualTo("extract");
    assertThat(first.get("total_entries").asInt()).isEqualTo(2);
    assertThat(first.at("/rendered_fields/0/template").asText()).isEqualTo("echo {{ ds }}");
    assertThat(first.at("/rendered_fields/0/rendered").asText()).isEqualTo("echo 2026-01-01");
    assertThat(first.at("/rendered_fields/1/rendered").asText()).isEqualTo("psql -W ***");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/dags/etl/dagRuns/r1/taskInstances/extract/renderedFields?try_number=2",
        "/api/v1/dags/etl/dagRuns/r1/taskInstances/extract/renderedFields?try_number=x",
        "/api/v1/dags/etl/dagRuns/r1/taskInstances/nope/renderedFields",
        "/api/v1/dags/etl/dagRuns/r2/taskInstances/extract/renderedFields",
        "/api/v1/dags/nope/dagRuns/r1/taskInstances/extract/renderedFields"
      })
  void an_unknown_dag_run_task_or_try_is_a_404_problem(String path) {
    ranOnce();

    HttpResponse<String> response = api.as(Role.VIEWER).get(path);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(ApiClient.contentType(response)).startsWith("application/problem+json");
    assertThat(json(response).get("detail").asText()).isNotBlank();
  }

  @Test
  void the_task_page_shows_the_rendered_templates_of_the_shown_try() {
    ranOnce();

    String html = api.client().get("/dags/etl/runs/r1/tasks/extract").body();

    assertThat(html)
        .contains("Rendered templates of try 1")
        .contains("<pre>echo {{ ds }}</pre></td><td><pre>echo 2026-01-01</pre>")
        .contains("psql -W ***");
  }
}
