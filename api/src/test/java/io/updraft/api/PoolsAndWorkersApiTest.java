package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PoolsAndWorkersApiTest {
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
  void an_admin_creates_changes_and_deletes_a_pool_that_everyone_can_read() {
    ApiClient admin = api.as(Role.ADMIN);

    HttpResponse<String> created =
        admin.post("/api/v1/pools", "{\"name\": \"db\", \"slots\": 4, \"description\": \"DB\"}");
    HttpResponse<String> duplicate =
        admin.post("/api/v1/pools", "{\"name\": \"db\", \"slots\": 1}");
    HttpResponse<String> changed = admin.patch("/api/v1/pools/db", "{\"slots\": 8}");
    JsonNode listed = json(api.as(Role.VIEWER).get("/api/v1/pools"));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).get("open_slots").asInt()).isEqualTo(4);
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(json(changed).get("slots").asInt()).isEqualTo(8);
    assertThat(json(changed).get("description").asText()).isEqualTo("DB");
    assertThat(listed.get("pools")).extracting(p -> p.get("name").asText()).contains("db");

    assertThat(admin.delete("/api/v1/pools/db").statusCode()).isEqualTo(204);
    assertThat(admin.get("/api/v1/pools/db").statusCode()).isEqualTo(404);
  }

  @Test
  void an_op_may_not_manage_pools_and_bad_slots_are_a_400() {
    HttpResponse<String> byOp =
        api.as(Role.OP).post("/api/v1/pools", "{\"name\": \"x\", \"slots\": 1}");
    HttpResponse<String> badSlots =
        api.as(Role.ADMIN).post("/api/v1/pools", "{\"name\": \"x\", \"slots\": -2}");
    HttpResponse<String> badName =
        api.as(Role.ADMIN).post("/api/v1/pools", "{\"name\": \"../x\", \"slots\": 1}");

    assertThat(byOp.statusCode()).isEqualTo(403);
    assertThat(json(byOp).get("detail").asText()).contains("needs role admin");
    assertThat(badSlots.statusCode()).isEqualTo(400);
    assertThat(json(badSlots).get("detail").asText()).contains("'slots'");
    assertThat(badName.statusCode()).isEqualTo(400);
  }

  @Test
  void workers_are_listed_with_queues_and_whether_they_are_alive() {
    Instant now = Instant.now();
    api.database
        .dsl()
        .execute(
            "insert into worker (name, hostname, queues, slots, running, started_at, last_seen)"
                + " values ('w-alive', 'h1', 'default,etl', 16, 3, ?, ?),"
                + " ('w-gone', 'h2', 'default', 4, 0, ?, ?)",
            Timestamp.from(now.minusSeconds(600)),
            Timestamp.from(now.minusSeconds(5)),
            Timestamp.from(now.minusSeconds(900)),
            Timestamp.from(now.minusSeconds(700)));

    JsonNode body = json(api.as(Role.VIEWER).get("/api/v1/workers"));

    assertThat(body.get("total_entries").asInt()).isEqualTo(2);
    JsonNode alive = body.at("/workers/0");
    assertThat(alive.get("name").asText()).isEqualTo("w-alive");
    assertThat(alive.get("queues")).extracting(JsonNode::asText).containsExactly("default", "etl");
    assertThat(alive.get("running").asInt()).isEqualTo(3);
    assertThat(alive.get("alive").asBoolean()).isTrue();
    assertThat(body.at("/workers/1/alive").asBoolean()).isFalse();
  }
}
