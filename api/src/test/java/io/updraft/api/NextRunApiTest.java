package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import io.updraft.testing.PostgresExtension;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The next run is the one the scheduler creates next, the same in the API and on the DAGs page: its
 * logical date, its data interval, and when it is created (the interval's end).
 */
@ExtendWith(PostgresExtension.class)
class NextRunApiTest {
  private static final Dag CATCHING_UP =
      Dag.builder("catching_up")
          .schedule("@daily")
          .startDate(LocalDate.of(2026, 1, 1))
          .catchup(true)
          .task(Task.bash("t", "true"))
          .build();

  private TestApi api;

  @BeforeEach
  void start() {
    api = TestApi.connect().start();
    api.save(CATCHING_UP);
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    Instant end = Instant.parse("2026-03-02T00:00:00Z");
    api.runs.createRun(
        new NewDagRun(
            "catching_up",
            "scheduled__2026-03-01T00:00:00+00:00",
            RunType.SCHEDULED,
            start,
            start,
            end,
            Map.of()),
        CATCHING_UP.structure());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void the_api_gives_the_logical_date_interval_and_creation_time_of_the_run_created_next() {
    JsonNode dag = json(api.client().get("/api/v1/dags/catching_up"));

    assertThat(dag.get("next_dagrun").asText()).isEqualTo("2026-03-02T00:00:00Z");
    assertThat(dag.get("next_dagrun_data_interval_start").asText())
        .isEqualTo("2026-03-02T00:00:00Z");
    assertThat(dag.get("next_dagrun_data_interval_end").asText()).isEqualTo("2026-03-03T00:00:00Z");
    assertThat(dag.get("next_dagrun_create_after").asText()).isEqualTo("2026-03-03T00:00:00Z");
    assertThat(json(api.client().get("/api/v1/dags")).at("/dags/0/next_dagrun").asText())
        .isEqualTo("2026-03-02T00:00:00Z");
  }

  @Test
  void the_dags_page_shows_the_same_logical_date_and_explains_its_interval() {
    String page = api.client().get("/").body();

    assertThat(page)
        .contains(
            ">2026-03-02 00:00:00 UTC</span>",
            "data interval 2026-03-02 00:00:00 UTC to 2026-03-03 00:00:00 UTC; created after"
                + " 2026-03-03 00:00:00 UTC");
  }
}
