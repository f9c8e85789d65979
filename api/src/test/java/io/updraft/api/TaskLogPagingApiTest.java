package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static io.updraft.api.TestApi.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A try's log in pages of lines: never more than the limit, the tail, and bad parameters. */
@ExtendWith(PostgresExtension.class)
class TaskLogPagingApiTest {
  private static final Dag DAG = Dag.builder("etl").task(Task.bash("extract", "echo e")).build();
  private static final String LOG = "/api/v1/dags/etl/dagRuns/r1/taskInstances/extract/logs/1";

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** A finished try whose log has {@code lines} lines, written in chunks of 7. */
  private List<String> finishedTryLogging(int lines) {
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
    List<String> all = IntStream.range(0, lines).mapToObj(i -> "line " + i).toList();
    for (int from = 0; from < lines; from += 7) {
      api.logs.append(ti.id(), 1, all.subList(from, Math.min(lines, from + 7)));
    }
    return all;
  }

  private static List<String> lines(JsonNode page) {
    List<String> lines = new ArrayList<>();
    page.get("lines").forEach(l -> lines.add(l.asText()));
    return lines;
  }

  @Test
  void without_a_limit_a_long_log_comes_one_default_page_at_a_time() {
    finishedTryLogging(LogPages.DEFAULT_LIMIT + 10);

    JsonNode page = json(api.as(Role.VIEWER).get(LOG));

    assertThat(page.get("lines")).hasSize(LogPages.DEFAULT_LIMIT);
    assertThat(page.get("total_lines").asInt()).isEqualTo(LogPages.DEFAULT_LIMIT + 10);
    assertThat(page.get("has_more").asBoolean()).isTrue();
    assertThat(page.get("next_offset").asInt()).isEqualTo(LogPages.DEFAULT_LIMIT);
  }

  @Test
  void pages_never_exceed_the_limit_and_reassemble_the_whole_log_exactly() {
    List<String> all = finishedTryLogging(103);

    List<String> paged = new ArrayList<>();
    int offset = 0;
    boolean more = true;
    while (more) {
      JsonNode page = json(api.as(Role.VIEWER).get(LOG + "?limit=10&offset=" + offset));
      assertThat(page.get("lines").size()).isLessThanOrEqualTo(10);
      assertThat(page.get("offset").asInt()).isEqualTo(offset);
      paged.addAll(lines(page));
      offset = page.get("next_offset").asInt();
      more = page.get("has_more").asBoolean();
    }

    assertThat(paged).isEqualTo(all);
    assertThat(offset).isEqualTo(103);
  }

  @Test
  void a_negative_offset_reads_the_tail_and_says_where_the_page_before_starts() {
    finishedTryLogging(103);

    JsonNode tail = json(api.as(Role.VIEWER).get(LOG + "?offset=-5&limit=5"));
    JsonNode all = json(api.as(Role.VIEWER).get(LOG + "?offset=-500"));

    assertThat(lines(tail))
        .containsExactly("line 98", "line 99", "line 100", "line 101", "line 102");
    assertThat(tail.get("offset").asInt()).isEqualTo(98);
    assertThat(tail.get("previous_offset").asInt()).isEqualTo(93);
    assertThat(tail.get("has_more").asBoolean()).isFalse();
    assertThat(all.get("offset").asInt()).isZero();
    assertThat(all.get("lines")).hasSize(103);
  }

  @ParameterizedTest
  @CsvSource({
    "limit=0, limit",
    "limit=10001, limit",
    "limit=ten, limit",
    "offset=abc, offset",
    "offset=1.5, offset",
    "offset=99999999999, offset"
  })
  void a_bad_offset_or_limit_is_a_400_that_names_the_parameter(String query, String parameter) {
    finishedTryLogging(3);

    HttpResponse<String> response = api.as(Role.VIEWER).get(LOG + "?" + query);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(ApiClient.contentType(response)).startsWith("application/problem+json");
    assertThat(json(response).get("detail").asText())
        .contains("Query parameter '" + parameter + "'");
  }
}
