package io.updraft.soak;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Task;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Four tasks a day that take 0.2 to 2 s, each try logging a marker of its own. */
public final class SoakDag implements DagProvider {
  @Override
  public List<Dag> dags() {
    Dag.Builder dag =
        Dag.builder("soak")
            .schedule("@daily")
            .startDate(LocalDate.of(2026, 1, 1))
            .catchup(false)
            .defaultRetries(2)
            .defaultRetryDelay(Duration.ofSeconds(5))
            .maxActiveRuns(32);
    for (String id : List.of("a", "b", "c", "d")) {
      dag.task(
          Task.java(
              id,
              ctx -> {
                ctx.log().info("soak-marker " + UUID.randomUUID());
                Thread.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(200, 2000)));
                return null;
              }));
    }
    return List.of(dag.build());
  }
}
