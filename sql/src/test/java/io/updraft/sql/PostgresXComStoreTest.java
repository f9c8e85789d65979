package io.updraft.sql;

import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.Fixtures.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.json.Json;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.XComStore;
import io.updraft.testing.PostgresExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(PostgresExtension.class)
class PostgresXComStoreTest {
  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  private long runId;

  @BeforeEach
  void createRun() {
    new PostgresDagStore(postgres.database()).save(dag("etl", "extract"), T0);
    runId =
        new PostgresRunStore(postgres.database(), Fixtures.CLOCK)
            .createRun(NewDagRun.manual("etl", T0, Map.of()), dag("etl", "extract"))
            .orElseThrow()
            .id();
  }

  @Test
  void a_value_reads_back_as_the_same_json() {
    postgres
        .xcoms()
        .put(runId, "extract", XComStore.RETURN_VALUE, "{\"rows\": 42, \"table\": \"users\"}");

    String json = postgres.xcoms().get(runId, "extract", XComStore.RETURN_VALUE).orElseThrow();
    assertThat(Json.parseObject(json, "xcom")).isEqualTo(Map.of("rows", 42, "table", "users"));
  }

  @Test
  void putting_a_key_again_replaces_its_value() {
    postgres.xcoms().put(runId, "extract", "count", "1");
    postgres.xcoms().put(runId, "extract", "count", "2");

    assertThat(postgres.xcoms().get(runId, "extract", "count")).contains("2");
  }

  @Test
  void a_missing_value_is_empty() {
    postgres.xcoms().put(runId, "extract", "count", "1");

    assertThat(postgres.xcoms().get(runId, "extract", "other")).isEmpty();
    assertThat(postgres.xcoms().get(runId, "load", "count")).isEmpty();
  }

  @Test
  void a_mapped_tasks_values_read_back_as_one_list_in_map_index_order() {
    postgres.xcoms().put(runId, "load", 1, XComStore.RETURN_VALUE, "\"b\"", null);
    postgres.xcoms().put(runId, "load", 0, XComStore.RETURN_VALUE, "\"a\"", null);
    postgres.xcoms().put(runId, "load", 1, XComStore.RETURN_VALUE, "\"b2\"", null);

    assertThat(postgres.xcoms().get(runId, "load", XComStore.RETURN_VALUE))
        .contains("[\"a\", \"b2\"]");
  }
}
