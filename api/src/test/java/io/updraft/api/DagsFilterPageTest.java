package io.updraft.api;

import static io.updraft.api.TestApi.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.state.RunState;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DagsFilterPageTest {
  private static final Dag SALES =
      Dag.builder("Sales_Daily").tags("finance").owners("ada").task(Task.bash("t", "echo")).build();
  private static final Dag LEDGER =
      Dag.builder("ledger")
          .tags("finance", "<img src=x onerror=alert(1)>")
          .owners("grace", "<b id=owner-injected>")
          .task(Task.bash("t", "echo"))
          .build();
  private static final Dag HR =
      Dag.builder("hr_weekly").tags("people").task(Task.bash("t", "echo")).build();

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
  void dags() {
    api.save(SALES);
    api.save(LEDGER);
    api.save(HR);
    api.dags.setPaused("hr_weekly", true);
    api.run(SALES, "manual__ok", T0, RunState.SUCCESS);
    api.run(HR, "manual__bad", T0, RunState.FAILED);
  }

  private static String page(String query) {
    HttpResponse<String> response = api.as(Role.VIEWER).get("/" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  @Test
  void the_counts_split_all_dags_into_active_and_paused() {
    assertThat(page(""))
        .contains("All <span class=\"count\">3</span>")
        .contains("Active <span class=\"count\">2</span>")
        .contains("Paused <span class=\"count\">1</span>")
        .contains(
            "data-dag-id=\"Sales_Daily\"", "data-dag-id=\"ledger\"", "data-dag-id=\"hr_weekly\"");
  }

  @Test
  void a_dag_registered_or_deleted_between_two_requests_shows_in_the_next_ones_choices() {
    assertThat(page("")).doesNotContain("value=\"compliance\"", "value=\"linus\"");

    api.save(
        Dag.builder("audit")
            .tags("compliance")
            .owners("linus")
            .task(Task.bash("t", "echo"))
            .build());
    assertThat(page("")).contains("value=\"compliance\"", "value=\"linus\"");

    api.database.dsl().execute("delete from dag where dag_id = 'audit'");
    assertThat(page("")).doesNotContain("value=\"compliance\"", "value=\"linus\"");
    // Still offered, for the DAGs that have them.
    assertThat(page("")).contains("value=\"finance\"", "value=\"ada\"");
  }

  @Test
  void the_owner_filter_keeps_the_dags_one_of_whose_owners_it_names_in_any_case_as_text() {
    assertThat(page("?owner=ADA"))
        .contains("data-dag-id=\"Sales_Daily\"")
        .doesNotContain("data-dag-id=\"ledger\"", "data-dag-id=\"hr_weekly\"")
        .contains("Owner: ada");
    assertThat(page("?owner=grace&tag=finance"))
        .contains("data-dag-id=\"ledger\"")
        .doesNotContain("data-dag-id=\"Sales_Daily\"")
        .contains("Owner: grace, &lt;b id=owner-injected&gt;")
        .doesNotContain("<b id=owner-injected>");
    assertThat(page("?owner=nobody")).contains("No DAGs match these filters");
    assertThat(api.as(Role.VIEWER).get("/api/v1/dags").body())
        .contains("\"owners\":[\"grace\",\"<b id=owner-injected>\"]");
  }

  @Test
  void search_tag_status_and_last_run_state_filter_and_combine() {
    assertThat(page("?search=sales"))
        .contains("data-dag-id=\"Sales_Daily\"")
        .doesNotContain("data-dag-id=\"ledger\"", "data-dag-id=\"hr_weekly\"");
    assertThat(page("?tag=finance"))
        .contains("data-dag-id=\"Sales_Daily\"", "data-dag-id=\"ledger\"")
        .doesNotContain("data-dag-id=\"hr_weekly\"")
        .contains("All <span class=\"count\">2</span>", "Paused <span class=\"count\">0</span>");
    assertThat(page("?status=paused"))
        .contains("data-dag-id=\"hr_weekly\"")
        .doesNotContain("data-dag-id=\"ledger\"");
    assertThat(page("?last_run_state=none"))
        .contains("data-dag-id=\"ledger\"")
        .doesNotContain("data-dag-id=\"Sales_Daily\"", "data-dag-id=\"hr_weekly\"");
    assertThat(page("?tag=finance&last_run_state=success&status=active"))
        .contains("data-dag-id=\"Sales_Daily\"")
        .doesNotContain("data-dag-id=\"ledger\"");
    assertThat(page("?search=nothing")).contains("No DAGs match these filters.");
    // The count links keep the other filters.
    assertThat(page("?tag=finance")).contains("href=\"/?tag=finance&amp;status=paused\"");
  }

  @Test
  void unknown_values_are_refused_by_name_and_hostile_ones_stay_text() {
    HttpResponse<String> state = api.as(Role.VIEWER).get("/?last_run_state=exploded");
    assertThat(state.statusCode()).isEqualTo(400);
    assertThat(state.body()).contains("last_run_state", "queued, running, success, failed, none");
    HttpResponse<String> status = api.as(Role.VIEWER).get("/?status=%3Cscript%3E");
    assertThat(status.statusCode()).isEqualTo(400);
    assertThat(status.body()).contains("status", "all, active, paused").doesNotContain("<script>");

    String html = page("?search=" + Links.query("<script>alert(1)</script>"));
    assertThat(html)
        .contains("value=\"&lt;script>alert(1)&lt;/script>\"")
        .doesNotContain("<script>alert", "<img src=x")
        .contains("&lt;img src=x onerror=alert(1)&gt;");
  }
}
