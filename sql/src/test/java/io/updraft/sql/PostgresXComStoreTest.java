package io.updraft.sql;

import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.Fixtures.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.json.Json;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.XComStore;
import io.updraft.testing.PostgresExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresXComStoreTest {
  private static Database database;
  private static PostgresXComStore xcoms;
  private long runId;

  @BeforeAll
  static void migrate() {
    database = Fixtures.migratedDatabase();
    xcoms = new PostgresXComStore(database);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @BeforeEach
  void createRun() {
    new PostgresDagStore(database).save(dag("etl", "extract"), T0);
    runId =
        new PostgresRunStore(database, Fixtures.CLOCK)
            .createRun(NewDagRun.manual("etl", T0, Map.of()), dag("etl", "extract"))
            .orElseThrow()
            .id();
  }

  @Test
  void a_value_reads_back_as_the_same_json() {
    xcoms.put(runId, "extract", XComStore.RETURN_VALUE, "{\"rows\": 42, \"table\": \"users\"}");

    String json = xcoms.get(runId, "extract", XComStore.RETURN_VALUE).orElseThrow();
    assertThat(Json.parseObject(json, "xcom")).isEqualTo(Map.of("rows", 42, "table", "users"));
  }

  @Test
  void putting_a_key_again_replaces_its_value() {
    xcoms.put(runId, "extract", "count", "1");
    xcoms.put(runId, "extract", "count", "2");

    assertThat(xcoms.get(runId, "extract", "count")).contains("2");
  }

  @Test
  void a_missing_value_is_empty() {
    xcoms.put(runId, "extract", "count", "1");

    assertThat(xcoms.get(runId, "extract", "other")).isEmpty();
    assertThat(xcoms.get(runId, "load", "count")).isEmpty();
  }

  @Test
  void a_mapped_tasks_values_read_back_as_one_list_in_map_index_order() {
    xcoms.put(runId, "load", 1, XComStore.RETURN_VALUE, "\"b\"", null);
    xcoms.put(runId, "load", 0, XComStore.RETURN_VALUE, "\"a\"", null);
    xcoms.put(runId, "load", 1, XComStore.RETURN_VALUE, "\"b2\"", null);

    assertThat(xcoms.get(runId, "load", XComStore.RETURN_VALUE)).contains("[\"a\", \"b2\"]");
  }
}
