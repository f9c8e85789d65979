package io.updraft.cli;

import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskInstance;
import io.updraft.sql.PostgresHealth;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Follows a run until it ends, printing each task's state as it changes. */
final class RunWaiter {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration SCHEDULER_SILENCE = Duration.ofSeconds(30);

  private final RunStore runs;
  private final PostgresHealth health;
  private final Clock clock;
  private final PrintStream out;

  RunWaiter(RunStore runs, PostgresHealth health, Clock clock, PrintStream out) {
    this.runs = runs;
    this.health = health;
    this.clock = clock;
    this.out = out;
  }

  /** Returns 0 when the run succeeded, 1 when it failed or the timeout passed. */
  int await(DagRun run, Duration timeout) {
    Instant deadline = timeout == null ? Instant.MAX : clock.instant().plus(timeout);
    warnIfNoScheduler();
    String lastPrinted = "";
    while (true) {
      DagRun current = runs.findRun(run.id()).orElseThrow();
      List<TaskInstance> tasks = runs.taskInstances(run.id());
      String states =
          tasks.stream()
              .map(ti -> ti.taskId() + "=" + ti.state().wireName())
              .collect(Collectors.joining(" "));
      if (!states.equals(lastPrinted)) {
        out.println("  " + current.state().wireName() + ": " + states);
        lastPrinted = states;
      }
      if (current.state().isTerminal()) {
        return report(current, tasks);
      }
      if (clock.instant().isAfter(deadline)) {
        out.println("Timed out after " + timeout.toSeconds() + " s; the run goes on.");
        return 1;
      }
      sleep();
    }
  }

  private int report(DagRun run, List<TaskInstance> tasks) {
    if (run.state() == io.updraft.core.state.RunState.SUCCESS) {
      out.println("Run " + run.runId() + " of " + run.dagId() + " succeeded.");
      return 0;
    }
    String failed =
        tasks.stream()
            .filter(ti -> ti.state().isFailure())
            .map(ti -> ti.taskId() + " (" + ti.state().wireName() + ")")
            .collect(Collectors.joining(", "));
    out.println("Run " + run.runId() + " of " + run.dagId() + " failed. Failed tasks: " + failed);
    return 1;
  }

  private void warnIfNoScheduler() {
    boolean alive =
        health
            .lastSchedulerCheckin()
            .map(at -> at.isAfter(clock.instant().minus(SCHEDULER_SILENCE)))
            .orElse(false);
    if (!alive) {
      out.println(
          "Warning: no scheduler has checked in for "
              + SCHEDULER_SILENCE.toSeconds()
              + " s; the run waits until one runs ('updraft scheduler' or 'updraft standalone').");
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the run", e);
    }
  }
}
