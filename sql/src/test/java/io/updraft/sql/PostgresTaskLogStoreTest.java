package io.updraft.sql;

import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.Fixtures.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.run.NewDagRun;
import io.updraft.testing.PostgresExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresTaskLogStoreTest {
  private static Database database;
  private static PostgresTaskLogStore logs;
  private long taskInstanceId;

  @BeforeAll
  static void migrate() {
    database = Fixtures.migratedDatabase();
    logs = new PostgresTaskLogStore(database);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @BeforeEach
  void createTaskInstance() {
    new PostgresDagStore(database).save(dag("etl", "extract"), T0);
    PostgresRunStore runs = new PostgresRunStore(database, Fixtures.CLOCK);
    long runId =
        runs.createRun(NewDagRun.manual("etl", T0, Map.of()), dag("etl", "extract"))
            .orElseThrow()
            .id();
    taskInstanceId = runs.taskInstances(runId).getFirst().id();
  }

  @Test
  void appended_lines_read_back_in_order() {
    logs.append(taskInstanceId, 1, List.of("starting", "reading users"));
    logs.append(taskInstanceId, 1, List.of());
    logs.append(taskInstanceId, 1, List.of("", "done"));

    assertThat(logs.read(taskInstanceId, 1))
        .containsExactly("starting", "reading users", "", "done");
  }

  @Test
  void each_try_has_its_own_log() {
    logs.append(taskInstanceId, 1, List.of("first try"));
    logs.append(taskInstanceId, 2, List.of("second try"));

    assertThat(logs.read(taskInstanceId, 1)).containsExactly("first try");
    assertThat(logs.read(taskInstanceId, 2)).containsExactly("second try");
    assertThat(logs.read(taskInstanceId, 3)).isEmpty();
  }
}
