package io.updraft.cli;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.dags.ExampleHelloDag;

/** The DAGs of the Bash task tests, known to the test JVM and to the worker JVM it starts. */
final class BashTaskDags {
  /**
   * Starts a child, a process that leaves bash's tree at once (its subshell exits), and waits:
   * writes the pids to the folder named by {@code conf.dir}.
   */
  static final Dag SLEEPER =
      Dag.builder("bash_sleeper")
          .task(
              Task.bash(
                      "sleeper",
                      "echo $$ > \"$DIR/leader.pid\"; (sleep 300 & echo $! > \"$DIR/orphan.pid\");"
                          + " sleep 300 & echo $! > \"$DIR/child.pid\"; wait")
                  .env("DIR", "{{ conf.dir }}"))
          .build();

  /** Prints the environment its process sees. */
  static final Dag ENV = Dag.builder("bash_env").task(Task.bash("dump", "env")).build();

  private BashTaskDags() {}

  static DagBag bag() {
    return DagBag.of(SLEEPER, ENV, exampleHello());
  }

  static Dag exampleHello() {
    return new ExampleHelloDag().dags().getFirst();
  }
}
