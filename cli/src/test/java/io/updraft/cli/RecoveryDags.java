package io.updraft.cli;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import java.time.Duration;

/** The DAGs of the recovery tests, known to the test JVM and to the worker processes it starts. */
final class RecoveryDags {
  /** One task that runs long enough to be killed mid-task, with a retry. */
  static final Dag SLOW =
      Dag.builder("recovery_slow")
          .task(
              Task.java(
                      "slow",
                      ctx -> {
                        Thread.sleep(Duration.ofSeconds(3));
                        return "slept on try " + ctx.tryNumber();
                      })
                  .retries(2)
                  .retryDelay(Duration.ZERO))
          .build();

  /** A chain of short tasks: many hand-overs between tasks. */
  static final Dag CHAIN = chain("recovery_chain", 8, Duration.ofMillis(300));

  /** Ten independent short tasks with retries, for the soak test. */
  static final Dag WIDE = wide("recovery_wide", 10, Duration.ofMillis(100));

  private RecoveryDags() {}

  static DagBag bag() {
    return DagBag.of(SLOW, CHAIN, WIDE);
  }

  private static Dag chain(String id, int length, Duration each) {
    Dag.Builder dag = Dag.builder(id);
    for (int i = 0; i < length; i++) {
      Task task =
          Task.java(
                  "step_" + i,
                  ctx -> {
                    Thread.sleep(each);
                    return ctx.taskId();
                  })
              .retries(3)
              .retryDelay(Duration.ZERO);
      dag.task(i == 0 ? task : task.after("step_" + (i - 1)));
    }
    return dag.build();
  }

  private static Dag wide(String id, int width, Duration each) {
    Dag.Builder dag = Dag.builder(id);
    for (int i = 0; i < width; i++) {
      dag.task(
          Task.java(
                  "t" + i,
                  ctx -> {
                    Thread.sleep(each);
                    return ctx.taskId();
                  })
              .retries(5)
              .retryDelay(Duration.ZERO));
    }
    return dag.build();
  }
}
