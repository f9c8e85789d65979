package io.updraft.sql;

import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.Fixtures.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.run.NewDagRun;
import io.updraft.testing.PostgresExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(PostgresExtension.class)
class PostgresTaskLogStoreTest {
  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  private long taskInstanceId;

  @BeforeEach
  void createTaskInstance() {
    new PostgresDagStore(postgres.database()).save(dag("etl", "extract"), T0);
    PostgresRunStore runs = new PostgresRunStore(postgres.database(), Fixtures.CLOCK);
    long runId =
        runs.createRun(NewDagRun.manual("etl", T0, Map.of()), dag("etl", "extract"))
            .orElseThrow()
            .id();
    taskInstanceId = runs.taskInstances(runId).getFirst().id();
  }

  @Test
  void appended_lines_read_back_in_order() {
    postgres.logs().append(taskInstanceId, 1, List.of("starting", "reading users"));
    postgres.logs().append(taskInstanceId, 1, List.of());
    postgres.logs().append(taskInstanceId, 1, List.of("", "done"));

    assertThat(postgres.logs().read(taskInstanceId, 1))
        .containsExactly("starting", "reading users", "", "done");
  }

  @Test
  void each_try_has_its_own_log() {
    postgres.logs().append(taskInstanceId, 1, List.of("first try"));
    postgres.logs().append(taskInstanceId, 2, List.of("second try"));

    assertThat(postgres.logs().read(taskInstanceId, 1)).containsExactly("first try");
    assertThat(postgres.logs().read(taskInstanceId, 2)).containsExactly("second try");
    assertThat(postgres.logs().read(taskInstanceId, 3)).isEmpty();
  }

  @Test
  void pages_of_lines_reassemble_the_whole_log_exactly() {
    postgres.logs().append(taskInstanceId, 1, List.of("a", "b\nc", ""));
    postgres.logs().append(taskInstanceId, 1, List.of(""));
    postgres.logs().append(taskInstanceId, 1, List.of("d", "é 😀", "e"));
    List<String> whole = postgres.logs().read(taskInstanceId, 1);

    assertThat(postgres.logs().lineCount(taskInstanceId, 1)).isEqualTo(whole.size()).isEqualTo(8);
    for (int limit = 1; limit <= 9; limit++) {
      List<String> paged = new java.util.ArrayList<>();
      for (int offset = 0; offset < whole.size(); offset += limit) {
        List<String> page = postgres.logs().lines(taskInstanceId, 1, offset, limit);
        assertThat(page).hasSizeLessThanOrEqualTo(limit);
        paged.addAll(page);
      }
      assertThat(paged).as("pages of " + limit).isEqualTo(whole);
    }
    assertThat(postgres.logs().lines(taskInstanceId, 1, 8, 5)).isEmpty();
    assertThat(postgres.logs().lineCount(taskInstanceId, 2)).isZero();
  }

  @Test
  void chunks_come_at_most_max_at_a_time() {
    postgres.logs().append(taskInstanceId, 1, List.of("one"));
    postgres.logs().append(taskInstanceId, 1, List.of("two"));
    postgres.logs().append(taskInstanceId, 1, List.of("three"));

    var first = postgres.logs().chunksAfter(taskInstanceId, 1, 0, 2);
    var rest = postgres.logs().chunksAfter(taskInstanceId, 1, first.getLast().id(), 2);

    assertThat(first).extracting(c -> c.text()).containsExactly("one", "two");
    assertThat(rest).extracting(c -> c.text()).containsExactly("three");
  }
}
