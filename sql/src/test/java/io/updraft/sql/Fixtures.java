package io.updraft.sql;

import static io.updraft.core.testdata.DagStructureBuilder.aDag;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared test data: a connection to a test database, a fixed clock and small DAGs. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  private Fixtures() {}

  static Database connect(TestDatabase db) {
    return Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4));
  }

  /** A chain of tasks: each depends on the one before, each with one retry. */
  static DagStructure dag(String dagId, String... taskIds) {
    List<TaskNode> tasks = new ArrayList<>();
    String previous = null;
    for (String taskId : taskIds) {
      tasks.add(
          new TaskNode(
              taskId,
              "bash",
              previous == null ? List.of() : List.of(previous),
              1,
              60,
              "default",
              "default_pool",
              1,
              Map.of("bash_command", "echo " + taskId)));
      previous = taskId;
    }
    return aDag(dagId).schedule("@daily").startDate(T0).tags(List.of("test")).tasks(tasks).build();
  }
}
