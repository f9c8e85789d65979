package io.updraft.worker;

import static io.updraft.core.testdata.TaskInstanceBuilder.aTaskInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.Task;
import io.updraft.core.plan.RunItself;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.state.RunState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every condition for a worker to run itself a task its record made ready, in one place. */
class HandOverOfferTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private final Dag dag = Dag.builder("etl").task(Task.java("a", ctx -> null)).build();
  private final DagRun run =
      new DagRun(
          7,
          "etl",
          "r",
          RunType.MANUAL,
          RunState.RUNNING,
          T0,
          T0,
          T0,
          Map.of(),
          "v1",
          T0,
          T0,
          null);
  private final HandOverOffer offer =
      new HandOverOffer("w1", List.of("default"), DagSource.of(DagBag.of(dag)));

  @Test
  void nobody_takes_anything_before_the_worker_opens_or_after_it_closes() {
    assertThat(offer.forTry(run, true)).isEqualTo(RunItself.NOBODY);
    offer.open();
    offer.close();

    assertThat(offer.forTry(run, true)).isEqualTo(RunItself.NOBODY);
  }

  @Test
  void a_try_without_a_slot_to_hand_on_offers_nothing() {
    offer.open();

    assertThat(offer.forTry(run, false)).isEqualTo(RunItself.NOBODY);
  }

  @Test
  void an_open_worker_takes_a_task_of_a_queue_it_serves_and_a_dag_it_has() {
    offer.open();
    RunItself itself = offer.forTry(run, true);

    assertThat(itself.worker()).isEqualTo("w1");
    assertThat(itself.accepts().test(aTaskInstance("a").dagId("etl").queue("default").build()))
        .isTrue();
    assertThat(itself.accepts().test(aTaskInstance("a").dagId("etl").queue("gpu").build()))
        .isFalse();
    assertThat(itself.accepts().test(aTaskInstance("x").dagId("other").queue("default").build()))
        .isFalse();
  }
}
