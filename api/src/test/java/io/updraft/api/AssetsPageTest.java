package io.updraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.auth.Role;
import io.updraft.testing.PostgresExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AssetsPageTest {
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
  void the_assets_page_lists_assets_and_events_escaped_and_the_nav_links_it() {
    api.as(Role.OP)
        .post(
            "/api/v1/assets/events",
            "{\"uri\": \"s3://bucket/x?a=1&b=2\", \"extra\": {\"note\": \"<script>alert(1)</script>\"}}");

    String page = api.as(Role.VIEWER).get("/assets").body();
    String home = api.as(Role.VIEWER).get("/").body();

    assertThat(page).contains("<h1>Assets</h1>", "Recent events", "external (");
    assertThat(page).doesNotContain("<script>alert(1)</script>", "x?a=1&b=2");
    assertThat(page).contains("&lt;script&gt;", "x?a=1&amp;b=2");
    assertThat(home).contains("<a href=\"/assets\">Assets</a>");
  }
}
