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

  @Test
  void pages_of_lines_reassemble_the_whole_log_exactly() {
    logs.append(taskInstanceId, 1, List.of("a", "b\nc", ""));
    logs.append(taskInstanceId, 1, List.of(""));
    logs.append(taskInstanceId, 1, List.of("d", "é 😀", "e"));
    List<String> whole = logs.read(taskInstanceId, 1);

    assertThat(logs.lineCount(taskInstanceId, 1)).isEqualTo(whole.size()).isEqualTo(8);
    for (int limit = 1; limit <= 9; limit++) {
      List<String> paged = new java.util.ArrayList<>();
      for (int offset = 0; offset < whole.size(); offset += limit) {
        List<String> page = logs.lines(taskInstanceId, 1, offset, limit);
        assertThat(page).hasSizeLessThanOrEqualTo(limit);
        paged.addAll(page);
      }
      assertThat(paged).as("pages of " + limit).isEqualTo(whole);
    }
    assertThat(logs.lines(taskInstanceId, 1, 8, 5)).isEmpty();
    assertThat(logs.lineCount(taskInstanceId, 2)).isZero();
  }

  @Test
  void chunks_come_at_most_max_at_a_time() {
    logs.append(taskInstanceId, 1, List.of("one"));
    logs.append(taskInstanceId, 1, List.of("two"));
    logs.append(taskInstanceId, 1, List.of("three"));

    var first = logs.chunksAfter(taskInstanceId, 1, 0, 2);
    var rest = logs.chunksAfter(taskInstanceId, 1, first.getLast().id(), 2);

    assertThat(first).extracting(c -> c.text()).containsExactly("one", "two");
    assertThat(rest).extracting(c -> c.text()).containsExactly("three");
  }
}
