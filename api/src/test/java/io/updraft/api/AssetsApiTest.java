package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AssetsApiTest {
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
  void an_op_records_an_external_event_that_viewers_list_with_its_asset() {
    HttpResponse<String> created =
        api.as(Role.OP)
            .post(
                "/api/v1/assets/events",
                "{\"uri\": \"s3://bucket/sales.parquet\", \"extra\": {\"rows\": 42}}");
    JsonNode events =
        json(api.as(Role.VIEWER).get("/api/v1/assets/events?uri=s3://bucket/sales.parquet"));
    JsonNode assets = json(api.as(Role.VIEWER).get("/api/v1/assets"));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).get("external_by").asText()).isNotBlank();
    assertThat(events.get("total_entries").asInt()).isEqualTo(1);
    JsonNode event = events.get("asset_events").get(0);
    assertThat(event.get("uri").asText()).isEqualTo("s3://bucket/sales.parquet");
    assertThat(event.get("extra").get("rows").asInt()).isEqualTo(42);
    assertThat(event.get("source_dag_id").isNull()).isTrue();
    assertThat(assets.get("assets").get(0).get("events").asInt()).isEqualTo(1);
  }

  @Test
  void bad_bodies_are_refused_with_what_to_send() {
    ApiClient op = api.as(Role.OP);

    HttpResponse<String> unknownField =
        op.post("/api/v1/assets/events", "{\"uri\": \"s3://b/x\", \"extras\": {}}");
    HttpResponse<String> noScheme = op.post("/api/v1/assets/events", "{\"uri\": \"sales\"}");
    HttpResponse<String> credentials =
        op.post("/api/v1/assets/events", "{\"uri\": \"s3://key:hunter2@b/x\"}");
    HttpResponse<String> extraNotObject =
        op.post("/api/v1/assets/events", "{\"uri\": \"s3://b/x\", \"extra\": [1]}");
    HttpResponse<String> noUri = op.post("/api/v1/assets/events", "{}");

    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(json(unknownField).get("detail").asText()).contains("'extras'");
    assertThat(noScheme.statusCode()).isEqualTo(400);
    assertThat(json(noScheme).get("detail").asText()).contains("no scheme");
    assertThat(credentials.statusCode()).isEqualTo(400);
    assertThat(credentials.body()).doesNotContain("hunter2");
    assertThat(extraNotObject.statusCode()).isEqualTo(400);
    assertThat(noUri.statusCode()).isEqualTo(400);
    assertThat(json(api.client().get("/api/v1/assets/events")).get("total_entries").asInt())
        .isZero();
  }

  @Test
  void a_viewer_or_anonymous_caller_may_not_record_an_event() {
    HttpResponse<String> byViewer =
        api.as(Role.VIEWER).post("/api/v1/assets/events", "{\"uri\": \"s3://b/x\"}");
    HttpResponse<String> anonymous =
        api.anonymous().post("/api/v1/assets/events", "{\"uri\": \"s3://b/x\"}");

    assertThat(byViewer.statusCode()).isEqualTo(403);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(json(api.client().get("/api/v1/assets")).get("total_entries").asInt()).isZero();
  }
}
