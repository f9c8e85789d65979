package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static io.updraft.api.TestApi.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.deadline.DeadlineMiss;
import io.updraft.core.run.DagRun;
import io.updraft.core.state.RunState;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Missed deadlines as the scheduler recorded them, in the API and on the run's page. */
@ExtendWith(PostgresExtension.class)
class DeadlineMissesApiTest {
  private static final String XSS = "<script>alert(1)</script>";
  private static final Dag DAG = Dag.builder("late_etl").task(Task.bash("load", "true")).build();

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
  void a_viewer_lists_the_misses_of_a_dag_and_of_a_run_and_the_run_page_shows_them() {
    api.save(DAG);
    DagRun late = api.run(DAG, "late" + XSS, T0, RunState.RUNNING);
    DagRun other = api.run(DAG, "on_time", T0.plus(Duration.ofDays(1)), RunState.RUNNING);
    Duration hour = Duration.ofHours(1);
    api.runs.recordDeadlineMiss(
        new DeadlineMiss(
            late.id(), "late_etl", late.runId(), "load", T0.plus(hour), T0.plus(hour)));
    api.runs.recordDeadlineMiss(
        new DeadlineMiss(late.id(), "late_etl", late.runId(), null, T0.plus(hour), T0.plus(hour)));
    // Recorded once: the second scheduler to see it writes nothing.
    boolean again =
        api.runs.recordDeadlineMiss(
            new DeadlineMiss(
                late.id(),
                "late_etl",
                late.runId(),
                null,
                T0.plus(hour),
                T0.plus(hour.plus(hour))));

    HttpResponse<String> all = api.as(Role.VIEWER).get("/api/v1/deadlineMisses?dag_id=late_etl");
    JsonNode ofOther =
        json(api.as(Role.VIEWER).get("/api/v1/deadlineMisses?dag_run_id=" + other.runId()));
    String page = api.client().get("/dags/late_etl/runs/" + Links.segment(late.runId())).body();

    assertThat(again).isFalse();
    assertThat(all.statusCode()).isEqualTo(200);
    JsonNode misses = json(all).get("deadline_misses");
    assertThat(misses).hasSize(2);
    assertThat(misses.findValuesAsText("dag_run_id")).containsOnly(late.runId());
    assertThat(misses.findValues("task_id"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("load", "null");
    assertThat(misses.get(0).get("deadline").asText()).isEqualTo("2026-01-01T01:00:00Z");
    assertThat(ofOther.get("deadline_misses")).isEmpty();
    assertThat(page)
        .contains("id=\"deadline-misses\"")
        .contains("task load: due ")
        .contains("the run: due ")
        .doesNotContain(XSS);
    assertThat(api.as(Role.VIEWER).get("/api/v1/deadlineMisses?limit=0").statusCode())
        .isEqualTo(400);
    assertThat(api.anonymous().get("/api/v1/deadlineMisses").statusCode()).isEqualTo(401);
  }
}
