package io.updraft.api;

import static io.updraft.api.TestApi.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.state.RunState;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class RunsListTest {
  private static final Dag SALES = Dag.builder("sales_daily").task(Task.bash("t", "echo")).build();
  private static final Dag HR = Dag.builder("hr_weekly").task(Task.bash("t", "echo")).build();

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void history() {
    api.save(SALES);
    api.save(HR);
    api.run(SALES, "manual__one", T0, RunState.SUCCESS);
    api.run(HR, "manual__two", T0.plus(Duration.ofDays(1)), RunState.FAILED);
    api.run(SALES, "manual__three", T0.plus(Duration.ofDays(2)), RunState.RUNNING);
    api.runs
        .createRun(
            new NewDagRun(
                "hr_weekly",
                "scheduled__four",
                RunType.SCHEDULED,
                T0.plus(Duration.ofDays(3)),
                T0.plus(Duration.ofDays(2)),
                T0.plus(Duration.ofDays(3)),
                Map.of()),
            HR.structure())
        .orElseThrow();
  }

  private static List<String> runIds(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return StreamSupport.stream(ApiClient.json(response).get("dag_runs").spliterator(), false)
        .map(r -> r.get("dag_run_id").asText())
        .toList();
  }

  @Test
  void the_cross_dag_api_lists_every_dags_runs_newest_first_with_filters_that_combine() {
    ApiClient viewer = api.as(Role.VIEWER);

    JsonNode all = ApiClient.json(viewer.get("/api/v1/dags/~/dagRuns"));
    assertThat(all.get("total_entries").asInt()).isEqualTo(4);
    assertThat(runIds(viewer.get("/api/v1/dags/~/dagRuns")))
        .containsExactly("scheduled__four", "manual__three", "manual__two", "manual__one");
    assertThat(runIds(viewer.get("/api/v1/dags/~/dagRuns?state=success,failed")))
        .containsExactly("manual__two", "manual__one");
    assertThat(runIds(viewer.get("/api/v1/dags/~/dagRuns?run_type=scheduled")))
        .containsExactly("scheduled__four");
    assertThat(runIds(viewer.get("/api/v1/dags/~/dagRuns?dag_id_pattern=SALES")))
        .containsExactly("manual__three", "manual__one");
    assertThat(
            runIds(
                viewer.get(
                    "/api/v1/dags/~/dagRuns?dag_id_pattern=hr&logical_date_gte=2026-01-02T00:00:00Z"
                        + "&run_type=manual")))
        .containsExactly("manual__two");
    assertThat(runIds(viewer.get("/api/v1/dags/~/dagRuns?dag_id_pattern=nothing_like_it")))
        .isEmpty();
    assertThat(runIds(viewer.get("/api/v1/dags/~/dagRuns?limit=2&offset=2")))
        .containsExactly("manual__two", "manual__one");
  }

  @Test
  void unknown_filter_values_are_refused_naming_the_parameter_and_what_it_takes() {
    ApiClient viewer = api.as(Role.VIEWER);

    HttpResponse<String> state = viewer.get("/api/v1/dags/~/dagRuns?state=%3Cscript%3E");
    assertThat(state.statusCode()).isEqualTo(400);
    assertThat(ApiClient.json(state).get("detail").asText())
        .contains("'state'", "queued, running, success, failed");
    HttpResponse<String> type = viewer.get("/runs?run_type=nightly");
    assertThat(type.statusCode()).isEqualTo(400);
    assertThat(type.body()).contains("run_type", "manual", "asset_triggered");
    assertThat(viewer.get("/runs?logical_date_gte=soon").statusCode()).isEqualTo(400);
    assertThat(viewer.get("/runs?limit=501").statusCode()).isEqualTo(400);
  }

  @Test
  void the_runs_page_links_each_run_shows_durations_and_pages_keeping_its_filters() {
    ApiClient viewer = api.as(Role.VIEWER);

    String html = viewer.get("/runs").body();
    assertThat(html)
        .contains("<h1>Runs</h1>", "href=\"/runs\">Runs</a>")
        .contains("href=\"/dags/sales_daily/runs/manual__one\"")
        .contains("href=\"/dags/hr_weekly/runs/scheduled__four\"")
        .contains("<span class=\"state state-failed\">failed</span>", "scheduled", "manual")
        .contains("59.0 s")
        .contains("1&ndash;4 of 4 runs");
    assertThat(html.indexOf("scheduled__four")).isLessThan(html.indexOf("manual__one"));

    String filtered = viewer.get("/runs?state=success&state=failed&limit=1").body();
    assertThat(filtered)
        .contains("manual__two")
        .doesNotContain("manual__one\"")
        .contains("1&ndash;1 of 2 runs")
        .contains("href=\"/runs?state=success&amp;state=failed&amp;limit=1&amp;offset=1\"");
  }

  @Test
  void a_hostile_filter_value_comes_back_as_text() {
    String hostile = "\"><script>alert(1)</script>";
    String html = api.as(Role.VIEWER).get("/runs?dag_id_pattern=" + Links.query(hostile)).body();

    assertThat(html)
        .contains("value=\"&#34;>&lt;script>alert(1)&lt;/script>\"")
        .doesNotContain("<script>alert")
        .contains("No runs match.");
  }

  @Test
  void the_dag_id_pattern_is_plain_text_in_any_case_whatever_it_holds() {
    Dag lookalike = Dag.builder("salesXdaily").task(Task.bash("t", "echo")).build();
    api.save(lookalike);
    api.run(lookalike, "manual__lookalike", T0.plus(Duration.ofDays(4)), RunState.SUCCESS);
    ApiClient viewer = api.as(Role.VIEWER);

    // "_" and "%" are no wildcards: "_" matches only an underscore, "%" only a percent sign.
    assertThat(runIds(viewer.get("/api/v1/dags/~/dagRuns?dag_id_pattern=S_D")))
        .containsExactly("manual__three", "manual__one");
    assertThat(runIds(viewer.get("/api/v1/dags/~/dagRuns?dag_id_pattern=sXd")))
        .containsExactly("manual__lookalike");
    assertThat(runIds(viewer.get("/api/v1/dags/~/dagRuns?dag_id_pattern=_")))
        .containsExactly("scheduled__four", "manual__three", "manual__two", "manual__one");
    for (String hostile :
        List.of("%", "%_%", "\\", "!", "!%", "'; drop table dag_run; --", "[a-z]", "*")) {
      assertThat(
              runIds(viewer.get("/api/v1/dags/~/dagRuns?dag_id_pattern=" + Links.query(hostile))))
          .as(hostile)
          .isEmpty();
    }
    assertThat(viewer.get("/runs?dag_id_pattern=" + Links.query("%")).body())
        .contains("No runs match.");
    assertThat(runIds(viewer.get("/api/v1/dags/~/dagRuns"))).hasSize(5);
  }
}
