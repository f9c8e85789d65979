package io.updraft.worker;

import io.updraft.core.connection.Connection;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DAGs with isolated Java tasks. An isolated try's JVM finds its task through a {@link
 * DagProvider}, as it would in a DAG jar, so these are listed in META-INF/services.
 */
public final class IsolatedDags implements DagProvider {
  static final Dag VALUES =
      Dag.builder("isolated_values")
          .defaultRetries(0)
          .task(
              Task.java(
                      "answer",
                      ctx -> {
                        Connection sales = ctx.connection("sales_db");
                        ctx.log().info("password " + sales.password());
                        System.out.println("key " + ctx.variable("api_key"));
                        System.err.println("run " + ctx.runId() + " try " + ctx.tryNumber());
                        ctx.xcomPush("rows", 42);
                        return Map.of("total", 7, "host", sales.host());
                      })
                  .isolated())
          .task(
              Task.java("check", ctx -> ctx.xcomPull("answer", "rows", Integer.class).orElseThrow())
                  .after("answer"))
          .build();

  static final Dag EXIT =
      Dag.builder("isolated_exit")
          .defaultRetries(0)
          .task(
              Task.java(
                      "quit",
                      ctx -> {
                        System.exit(3);
                        return null;
                      })
                  .isolated())
          .build();

  static final Dag OOM =
      Dag.builder("isolated_oom")
          .defaultRetries(0)
          .task(
              Task.java(
                      "hog",
                      ctx -> {
                        List<byte[]> kept = new ArrayList<>();
                        while (true) {
                          kept.add(new byte[1 << 20]);
                        }
                      })
                  .isolated("64m"))
          .build();

  static final Dag BUSY =
      Dag.builder("isolated_busy")
          .defaultRetries(0)
          .task(
              Task.java(
                      "spin",
                      ctx -> {
                        System.out.println("pid " + ProcessHandle.current().pid());
                        long turns = 0;
                        while (turns >= 0) {
                          // Never looks at the interrupt flag, and clears it should it be set.
                          Thread.interrupted();
                          turns = turns == Long.MAX_VALUE ? 0 : turns + 1;
                        }
                        return turns;
                      })
                  .isolated()
                  .executionTimeout(Duration.ofSeconds(3)))
          .build();

  static final Dag NO_OP =
      Dag.builder("isolated_no_op")
          .defaultRetries(0)
          .task(Task.java("isolated", ctx -> null).isolated())
          .task(Task.java("in_process", ctx -> null).after("isolated"))
          .build();

  @Override
  public List<Dag> dags() {
    return List.of(VALUES, EXIT, OOM, BUSY, NO_OP);
  }
}
