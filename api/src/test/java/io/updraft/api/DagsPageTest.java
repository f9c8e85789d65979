package io.updraft.api;

import static io.updraft.api.TestApi.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagFileError;
import io.updraft.core.dag.Task;
import io.updraft.core.state.RunState;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DagsPageTest {
  private static final Pattern DOT = Pattern.compile("class=\"dot state-");

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void the_page_lists_each_dag_with_a_dot_per_run_coloured_by_state_and_the_newest_state() {
    Dag dag =
        Dag.builder("etl_daily")
            .description("Loads the warehouse")
            .schedule("@daily")
            .task(Task.bash("extract", "echo extract"))
            .build();
    api.save(dag);
    api.run(dag, "manual__first", T0, RunState.SUCCESS);
    api.run(dag, "manual__second", T0.plus(Duration.ofDays(1)), RunState.FAILED);
    api.run(dag, "manual__third", T0.plus(Duration.ofDays(2)), RunState.RUNNING);

    HttpResponse<String> response = api.client().get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ApiClient.contentType(response)).startsWith("text/html");
    String html = response.body();
    assertThat(html)
        .contains("<h1>DAGs</h1>", "etl_daily", "Loads the warehouse", "@daily")
        .contains("data-refresh=\"5\"")
        .contains("class=\"dot state-success\" href=\"/dags/etl_daily/runs/manual__first\"")
        .contains("title=\"manual__first: success\"")
        .contains("class=\"dot state-failed\"", "title=\"manual__second: failed\"")
        .contains("class=\"dot state-running\"", "title=\"manual__third: running\"")
        .contains("<span class=\"state state-running\">running</span>")
        .contains("<script src=\"/static/updraft.js\" defer></script>")
        .doesNotContain("onclick", "<script>");
    assertThat(response.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
    // Oldest on the left, newest on the right.
    assertThat(html.indexOf("manual__first")).isLessThan(html.indexOf("manual__third"));
  }

  @Test
  void a_description_with_markup_is_escaped() {
    Dag dag =
        Dag.builder("sneaky")
            .description("<script>alert('x')</script> & \"more\"")
            .task(Task.bash("t", "echo t"))
            .build();
    api.save(dag);

    String html = api.client().get("/").body();

    assertThat(html)
        .contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"more\"")
        .doesNotContain("<script>");
  }

  @Test
  void a_banner_above_the_dags_lists_each_file_that_did_not_load_with_its_message_escaped() {
    api.save(Dag.builder("fine").task(Task.bash("t", "echo t")).build());
    api.importErrors.replaceAll(
        List.of(
            new DagFileError(
                "loopy.jar",
                "bb22",
                "loopy.jar: acme.Loopy (DAG 'loopy'): cycle: x -> y -> x\n"
                    + "loopy.jar: acme.Loopy: <script>alert('x')</script> & more")),
        T0);

    String html = api.client().get("/").body();

    assertThat(html)
        .contains("<section class=\"import-errors\" role=\"alert\">")
        .contains("<h2>Import errors (1)</h2>")
        .contains("data-filename=\"loopy.jar\"", "<code>loopy.jar</code>")
        .contains("recorded 2026-01-01 00:00:00 UTC")
        .contains("cycle: x -&gt; y -&gt; x")
        .contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; more")
        .doesNotContain("<script>alert");
    assertThat(html.indexOf("import-errors")).isLessThan(html.indexOf("data-dag-id=\"fine\""));
  }

  @Test
  void without_import_errors_there_is_no_banner() {
    api.save(Dag.builder("fine").task(Task.bash("t", "echo t")).build());

    assertThat(api.client().get("/").body()).doesNotContain("import-errors", "Import errors");
  }

  @Test
  void only_the_ten_most_recent_runs_get_a_dot() {
    Dag dag = Dag.builder("busy").task(Task.bash("t", "echo t")).build();
    api.save(dag);
    for (int day = 0; day < 12; day++) {
      api.run(dag, "manual__" + day, T0.plus(Duration.ofDays(day)), RunState.SUCCESS);
    }

    String html = api.client().get("/").body();

    assertThat(DOT.matcher(html).results().count()).isEqualTo(10);
    assertThat(html).contains("manual__11: success", "manual__2: success");
    assertThat(html).doesNotContain("manual__1: success", "manual__0: success");
  }

  @Test
  void without_dags_the_page_says_how_they_appear() {
    String html = api.client().get("/").body();

    assertThat(html).contains("No DAGs yet", "updraft scheduler");
  }
}
