package io.updraft.sql;

import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.Fixtures.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TryLogId;
import io.updraft.testing.PostgresExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(PostgresExtension.class)
class PostgresShippedLogsTest {
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
  void a_shipped_try_has_its_location_and_no_lines_left_while_other_tries_keep_theirs() {
    postgres.logs().append(taskInstanceId, 1, List.of("first try"));
    postgres.logs().append(taskInstanceId, 2, List.of("second try"));

    postgres.shippedLogs().recordShipped(taskInstanceId, 1, "s3://logs/etl/1.log");

    assertThat(postgres.shippedLogs().location(taskInstanceId, 1)).contains("s3://logs/etl/1.log");
    assertThat(postgres.shippedLogs().location(taskInstanceId, 2)).isEmpty();
    assertThat(postgres.logs().read(taskInstanceId, 1)).isEmpty();
    assertThat(postgres.logs().read(taskInstanceId, 2)).containsExactly("second try");
  }

  @Test
  void tries_held_are_the_unshipped_ones_with_lines_up_to_the_given_try() {
    postgres.logs().append(taskInstanceId, 1, List.of("reaped try"));
    postgres.logs().append(taskInstanceId, 2, List.of("upload failed"));
    postgres.logs().append(taskInstanceId, 3, List.of("current"));
    postgres.logs().append(taskInstanceId, 4, List.of("not yet"));
    postgres.shippedLogs().recordShipped(taskInstanceId, 2, "s3://logs/etl/2.log");

    assertThat(postgres.shippedLogs().triesHeld(taskInstanceId, 3)).containsExactly(1, 3);
  }

  @Test
  void ended_tries_held_are_those_of_ended_task_instances_or_earlier_tries_past_the_cutoff() {
    postgres.logs().append(taskInstanceId, 1, List.of("reaped try"));
    postgres.logs().append(taskInstanceId, 2, List.of("shipped"));
    postgres.logs().append(taskInstanceId, 3, List.of("last try"));
    postgres.shippedLogs().recordShipped(taskInstanceId, 2, "s3://logs/etl/2.log");

    setState("running", 3, null);
    assertThat(postgres.shippedLogs().endedTriesHeld(T0.plus(Duration.ofDays(1)), 10)).isEmpty();

    setState("failed", 3, T0);
    assertThat(postgres.shippedLogs().endedTriesHeld(T0, 10))
        .as("ended at the cutoff, not before")
        .isEmpty();
    assertThat(postgres.shippedLogs().endedTriesHeld(T0.plusSeconds(1), 10))
        .extracting(TryLogId::tryNumber)
        .containsExactly(1, 3);
    assertThat(postgres.shippedLogs().endedTriesHeld(T0.plusSeconds(1), 1)).hasSize(1);
    TryLogId first = postgres.shippedLogs().endedTriesHeld(T0.plusSeconds(1), 1).getFirst();
    assertThat(first)
        .isEqualTo(new TryLogId(taskInstanceId, "etl", first.runId(), "extract", -1, 1));

    setState("up_for_reschedule", 3, T0);
    assertThat(postgres.shippedLogs().endedTriesHeld(T0.plusSeconds(1), 10))
        .as("a rescheduled try goes on; the earlier one is over")
        .extracting(TryLogId::tryNumber)
        .containsExactly(1);
  }

  private void setState(String state, int tryNumber, java.time.Instant endDate) {
    postgres
        .database()
        .dsl()
        .execute(
            "update task_instance set state = ?, try_number = ?, end_date = ?::timestamptz where id = ?",
            state,
            tryNumber,
            endDate == null ? null : OffsetDateTime.ofInstant(endDate, ZoneOffset.UTC),
            taskInstanceId);
  }
}
