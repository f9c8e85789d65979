package io.updraft.api;

import static io.updraft.api.SecurityTest.csrfOf;
import static io.updraft.api.SecurityTest.signIn;
import static io.updraft.api.TestApi.T0;
import static io.updraft.core.testdata.DagStructureBuilder.aDag;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskGroup;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server-rendered pages, their forms, and what they do with hostile text. */
@ExtendWith(PostgresExtension.class)
class UiPagesTest {
  private static final String XSS = "<script>alert(1)</script>";
  private static final Dag DAG =
      Dag.builder("etl")
          .task(Task.bash("extract", "echo e"))
          .task(Task.bash("transform", "echo t").after("extract"))
          .task(Task.bash("load", "echo l").after("transform"))
          .task(Task.bash("report", "echo r").after("extract"))
          .build();

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private ApiClient browserAs(String user, Role role) {
    String password = api.user(user, role);
    ApiClient browser = ApiClient.browser(api.server());
    assertThat(signIn(browser, user, password, "/").statusCode()).isEqualTo(303);
    return browser;
  }

  @Test
  void the_dag_page_shows_a_grid_of_runs_by_tasks_and_a_layered_graph_of_the_newest_run() {
    api.save(DAG);
    api.run(DAG, "r1", T0, RunState.SUCCESS);
    DagRun r2 =
        api.run(DAG, "manual__2026-01-02T00:00:00+00:00", T0.plusSeconds(86_400), RunState.RUNNING);
    api.move(api.taskInstances(r2).getFirst(), "w1", T0, TaskState.QUEUED, TaskState.RUNNING);

    HttpResponse<String> page = api.client().get("/dags/etl");

    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.body();
    assertThat(html)
        .contains("<table class=\"grid\">")
        .contains("href=\"/dags/etl/runs/manual__2026-01-02T00%3A00%3A00%2B00%3A00/tasks/extract\"")
        .contains("class=\"cell state-running\"", "class=\"cell state-none\"")
        .contains("<svg class=\"graph\"")
        .contains("class=\"node state-running\" data-task-id=\"extract\"")
        .contains("data-refresh=\"5\"");
    // Layers: extract first; transform and report one step right; load two steps right.
    assertThat(html).contains("data-task-id=\"extract\"><rect x=\"12\"");
    assertThat(html).contains("data-task-id=\"transform\"><rect x=\"212\"");
    assertThat(html).contains("data-task-id=\"report\"><rect x=\"212\" y=\"64\"");
    assertThat(html).contains("data-task-id=\"load\"><rect x=\"412\"");
    // The oldest run is the leftmost column.
    assertThat(html.indexOf("/runs/r1\"")).isLessThan(html.indexOf("/runs/manual__2026-01-02"));
  }

  @Test
  void task_groups_are_folded_rows_in_the_grid_and_folded_boxes_in_the_graph_until_unfolded() {
    Dag grouped =
        Dag.builder("grouped")
            .task(Task.bash("start", "echo s"))
            .group(
                TaskGroup.of("extract")
                    .after("start")
                    .task(Task.bash("orders", "echo o"))
                    .group(TaskGroup.of("eu").task(Task.bash("de", "echo d"))))
            .task(Task.bash("load", "echo l").after("extract"))
            .build();
    api.save(grouped);
    DagRun run = api.run(grouped, "r1", T0, RunState.RUNNING);
    TaskInstance de =
        api.taskInstances(run).stream()
            .filter(ti -> ti.taskId().equals("extract.eu.de"))
            .findFirst()
            .orElseThrow();
    api.move(de, "w1", T0, TaskState.QUEUED, TaskState.RUNNING);

    String html = api.client().get("/dags/grouped").body();

    // Rows: start, the group extract, its task and inner group (folded), then load.
    assertThat(html)
        .containsSubsequence(
            "data-task-id=\"start\"",
            "data-task-id=\"extract\" class=\"group-row\"",
            "data-task-id=\"extract.orders\" class=\"\" data-parent=\"extract\" hidden",
            "data-task-id=\"extract.eu\" class=\"group-row\" data-parent=\"extract\" hidden",
            "data-task-id=\"extract.eu.de\" class=\"\" data-parent=\"extract.eu\" hidden",
            "data-task-id=\"load\"");
    assertThat(html).contains("data-group=\"extract.eu\"", ">eu</button>", ">de</span>");
    // The group's cell shows its running task, the most urgent.
    assertThat(html).contains("title=\"group extract (2 tasks) in r1: running (extract.eu.de)\"");
    // The graph: one box for the folded group, linking to the page with it unfolded.
    assertThat(html)
        .contains("class=\"node state-running group\" data-task-id=\"extract\"")
        .contains("href=\"/dags/grouped?run_id=r1&amp;expand=extract#graph\"")
        .doesNotContain("class=\"node state-none\" data-task-id=\"extract.orders\"");

    String unfolded = api.client().get("/dags/grouped?expand=extract").body();

    assertThat(unfolded)
        .contains("data-task-id=\"extract.orders\"><rect")
        .contains("class=\"node state-running group\" data-task-id=\"extract.eu\"")
        .contains("href=\"/dags/grouped?run_id=r1&amp;expand=extract%2Cextract.eu#graph\"")
        .contains("title=\"Fold extract again\"");
    String hostile =
        api.client()
            .get("/dags/grouped?expand=" + java.net.URLEncoder.encode(XSS + ",nope", UTF_8))
            .body();
    assertThat(hostile).doesNotContain(XSS, "alert", "nope", "Unfolded groups");
  }

  @Test
  void a_hostile_dag_id_description_task_id_conf_xcom_and_log_are_shown_as_text() {
    // A structure as a scheduler might have stored it, past the DSL's own id checks.
    DagStructure hostile =
        aDag("x" + XSS)
            .description(XSS)
            .schedule("none")
            .tags(List.of(XSS))
            .tasks(
                List.of(
                    new TaskNode(
                        "t" + XSS,
                        "bash",
                        List.of(),
                        0,
                        0,
                        "default",
                        "default_pool",
                        1,
                        Map.of())))
            .build();
    api.dags.save(hostile, T0);
    DagRun run =
        api.runs
            .createRun(
                new NewDagRun(
                    hostile.dagId(), "r" + XSS, RunType.MANUAL, T0, T0, T0, Map.of("table", XSS)),
                hostile)
            .orElseThrow();
    TaskInstance ti = api.runs.taskInstances(run.id()).getFirst();
    api.logs.append(ti.id(), 1, List.of("log says " + XSS));
    api.xcoms.put(run.id(), ti.taskId(), "return_value", "\"" + XSS.replace("/", "\\/") + "\"");
    ApiClient client = api.client();

    String dags = client.get("/").body();
    String dag = client.get(Links.dag(hostile.dagId())).body();
    String runPage = client.get(Links.run(hostile.dagId(), run.runId())).body();
    String task = client.get(Links.task(hostile.dagId(), run.runId(), ti.taskId())).body();

    for (String html : List.of(dags, dag, runPage, task)) {
      assertThat(html).doesNotContain(XSS).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
    assertThat(task).contains("log says &lt;script&gt;");
  }

  @Test
  void a_viewer_sees_no_buttons_and_a_forged_trigger_form_is_refused() {
    api.save(DAG);
    ApiClient viewer = browserAs("vera", Role.VIEWER);

    String html = viewer.get("/").body();
    HttpResponse<String> forged =
        viewer.postForm("/dags/etl/trigger", Map.of("_csrf", csrfOf(html), "conf", "{}"));

    assertThat(html).doesNotContain("Trigger run", "/paused");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("needs role op");
    assertThat(api.runs.listRuns("etl", 10)).isEmpty();
  }

  @Test
  void an_op_triggers_with_conf_through_the_form_only_with_the_csrf_token() {
    api.save(DAG);
    ApiClient op = browserAs("otto", Role.OP);
    String csrf = csrfOf(op.get("/").body());

    HttpResponse<String> noToken = op.postForm("/dags/etl/trigger", Map.of("conf", "{\"a\": 1}"));
    HttpResponse<String> badConf =
        op.postForm("/dags/etl/trigger", Map.of("_csrf", csrf, "conf", "{nope"));
    HttpResponse<String> triggered =
        op.postForm("/dags/etl/trigger", Map.of("_csrf", csrf, "conf", "{\"a\": 1}"));

    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("CSRF");
    assertThat(badConf.statusCode()).isEqualTo(400);
    assertThat(badConf.body()).contains("not valid JSON");
    assertThat(triggered.statusCode()).isEqualTo(303);
    List<DagRun> runs = api.runs.listRuns("etl", 10);
    assertThat(runs).hasSize(1);
    assertThat(runs.getFirst().conf()).containsEntry("a", 1);
    assertThat(triggered.headers().firstValue("Location"))
        .contains(Links.run("etl", runs.getFirst().runId()));
    String runPage = op.get(Links.run("etl", runs.getFirst().runId())).body();
    assertThat(runPage).contains("\"a\" : 1", "Clear (run again)");
  }

  @Test
  void an_op_pauses_a_dag_with_the_toggle() {
    api.save(DAG);
    ApiClient op = browserAs("otto", Role.OP);
    String csrf = csrfOf(op.get("/").body());

    HttpResponse<String> response =
        op.postForm("/dags/etl/paused", Map.of("_csrf", csrf, "paused", "true"));

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(api.dags.find("etl").orElseThrow().paused()).isTrue();
    assertThat(op.get("/").body()).contains("class=\"paused\"", "Paused: click to unpause");
  }

  @Test
  void the_task_page_shows_tries_xcom_and_the_log_following_the_running_try() {
    api.save(DAG);
    DagRun run = api.run(DAG, "r1", T0, RunState.RUNNING);
    TaskInstance ti =
        api.move(api.taskInstances(run).getFirst(), "w1", T0, TaskState.QUEUED, TaskState.RUNNING);
    api.logs.append(ti.id(), 1, List.of("hello", "world"));
    api.xcoms.put(run.id(), "extract", "return_value", "{\"rows\": 3}");

    String html = api.client().get("/dags/etl/runs/r1/tasks/extract").body();

    assertThat(html)
        .contains("id=\"task-state\">running<")
        .contains("hello\nworld\n")
        .contains("data-src=\"/api/v1/dags/etl/dagRuns/r1/taskInstances/extract/logs/1\"")
        .contains("data-offset=\"2\"", "data-follow=\"true\"")
        .contains("\"rows\" : 3");
    assertThat(api.client().get("/dags/etl/runs/r1/tasks/extract?try=7").statusCode())
        .isEqualTo(404);
  }

  @Test
  void the_task_page_and_the_dag_detail_show_a_tasks_doc_and_role_as_text() {
    Dag cleanup =
        Dag.builder("cleanup_doc")
            .task(Task.bash("make", "echo m").asSetup().doc("Creates the " + XSS + " cluster"))
            .task(Task.bash("drop", "echo d").after("make").asTeardown("make"))
            .build();
    api.save(cleanup);
    api.run(cleanup, "r1", T0, RunState.RUNNING);

    String html = api.client().get("/dags/cleanup_doc/runs/r1/tasks/make").body();
    JsonNode detail =
        Json.read(api.client().get("/api/v1/dags/cleanup_doc").body(), JsonNode.class);

    assertThat(html)
        .contains("id=\"task-doc\">Creates the &lt;script&gt;alert(1)&lt;/script&gt; cluster<")
        .contains("id=\"task-role\">setup<")
        .doesNotContain(XSS);
    assertThat(detail.at("/tasks/0/role").asText()).isEqualTo("setup");
    assertThat(detail.at("/tasks/0/doc").asText()).isEqualTo("Creates the " + XSS + " cluster");
    assertThat(detail.at("/tasks/1/role").asText()).isEqualTo("teardown");
    assertThat(detail.at("/tasks/1/trigger_rule").asText()).isEqualTo("all_done_setup_success");
    assertThat(detail.at("/tasks/1").has("doc")).isFalse();
  }

  @Test
  void the_task_page_holds_only_the_tail_of_a_long_log_and_offers_the_earlier_lines() {
    api.save(DAG);
    DagRun run = api.run(DAG, "r1", T0, RunState.RUNNING);
    TaskInstance ti =
        api.move(api.taskInstances(run).getFirst(), "w1", T0, TaskState.QUEUED, TaskState.RUNNING);
    int total = UiPagesHandler.TAIL_LINES + 50;
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < total; i++) {
      lines.add("line " + i + " <b>");
    }
    api.logs.append(ti.id(), 1, lines);

    String html = api.client().get("/dags/etl/runs/r1/tasks/extract").body();

    assertThat(html)
        .contains("line 50 &lt;b&gt;\n", "line " + (total - 1) + " &lt;b&gt;\n")
        .doesNotContain("line 49 &lt;", "line 0 &lt;", "line 50 <b>")
        .contains("data-start=\"50\"", "data-offset=\"" + total + "\"")
        .contains("id=\"log-earlier\"", "Showing lines 51 to " + total);
  }

  @Test
  void pools_and_workers_pages_list_them() {
    String pools = api.as(Role.VIEWER).get("/pools").body();
    String workers = api.as(Role.VIEWER).get("/workers").body();

    assertThat(pools).contains("<h1>Pools</h1>", "default_pool", "128");
    assertThat(workers).contains("<h1>Workers</h1>", "No worker has reported in");
  }

  @Test
  void static_files_are_only_the_two_listed() {
    assertThat(api.anonymous().get("/static/updraft.js").statusCode()).isEqualTo(200);
    assertThat(api.anonymous().get("/static/updraft.css").statusCode()).isEqualTo(200);
    assertThat(api.anonymous().get("/static/..%2Fopenapi.json").statusCode()).isEqualTo(404);
    assertThat(api.anonymous().get("/static/%2e%2e%2f%2e%2e%2fpom.xml").statusCode())
        .isIn(400, 404);
  }
}
