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
                  // Past a JVM's start on a busy machine (seconds), so the loop gets to spin.
                  .executionTimeout(Duration.ofSeconds(15)))
          .build();

  static final Dag NO_OP =
      Dag.builder("isolated_no_op")
          .defaultRetries(0)
          .task(Task.java("isolated", ctx -> null).isolated())
          .task(Task.java("in_process", ctx -> null).after("isolated"))
          .build();

  /** Each task returns the pid of the JVM it ran in; where that is, is up to the defaults. */
  static final Dag WHERE =
      Dag.builder("isolation_where")
          .defaultRetries(0)
          .task(Task.java("plain", ctx -> ProcessHandle.current().pid()))
          .task(Task.java("stays", ctx -> ProcessHandle.current().pid()).isolated(false))
          .build();

  static final Dag DAG_WIDE =
      Dag.builder("isolation_dag_wide")
          .defaultRetries(0)
          .isolatedJavaTasks("128m")
          .task(Task.java("plain", ctx -> ProcessHandle.current().pid()))
          .task(Task.java("stays", ctx -> ProcessHandle.current().pid()).isolated(false))
          .build();

  /** Tells its pid, then sleeps far longer than any test waits. */
  static final Dag LINGER =
      Dag.builder("isolated_linger")
          .defaultRetries(0)
          .task(
              Task.java(
                      "linger",
                      ctx -> {
                        System.out.println("pid " + ProcessHandle.current().pid());
                        Thread.sleep(Duration.ofMinutes(10));
                        return null;
                      })
                  .isolated("64m"))
          .build();

  @Override
  public List<Dag> dags() {
    return List.of(VALUES, EXIT, OOM, BUSY, NO_OP, WHERE, DAG_WIDE, LINGER);
  }
}
