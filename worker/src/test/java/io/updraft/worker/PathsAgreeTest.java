package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.dag.BranchOperator;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.ShortCircuitOperator;
import io.updraft.core.plan.BranchSkips;
import io.updraft.core.plan.FinishedTry;
import io.updraft.core.plan.Recorded;
import io.updraft.core.plan.RunItself;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.queue.RedisClients;
import io.updraft.queue.RedisTaskQueue;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresRunStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The two ways a run moves on after a task try ends reach the same states. The hand-over path is
 * the worker's: it records the outcome and, in that same commit, queues (or claims) the downstream
 * tasks that became ready, through {@code updraft_hand_over} when every downstream task has the
 * all_success rule and through the planner (the mini scheduler) otherwise, as {@link
 * RunProgress#record} chooses, leaving the rest to a run event. The planner path is the
 * scheduler's: the outcome is recorded alone, and {@link RunProgress#plan} plans the whole run from
 * its stored states, as on every run event.
 *
 * <p>Each case is a random small DAG (trigger rules, branches, short circuits, retries) and a
 * script of what each try does, replayed in two runs, one per path, with the tries taken in the
 * same order; every task must end in the same state and try, and the runs in the same state. A
 * failing case prints its seed: {@code -Dupdraft.pathsAgree.seed=<seed>
 * -Dupdraft.pathsAgree.cases=1} replays it alone.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class PathsAgreeTest {
  private static final Instant NOW = Instant.parse("2024-03-01T00:00:00Z");
  private static final String WORKER = "agree-worker";
  // The worker that records an outcome has the slot just freed, and serves every queue here.
  private static final RunItself ITSELF = new RunItself(WORKER, ti -> true);
  // At most three tries of at most eight tasks: a run that takes more steps never ends.
  private static final int MAX_STEPS = 30;

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private Database database;
  private PostgresRunStore runs;
  private PostgresDagStore dags;
  private RedisTaskQueue queue;
  private RunProgress advance;

  // This module's tests log at debug, and jOOQ would print every one of thousands of statements.
  private final ch.qos.logback.classic.Logger jooqLog =
      (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.jooq");
  private Level jooqLevel;

  @BeforeEach
  void open() {
    jooqLevel = jooqLog.getLevel();
    jooqLog.setLevel(Level.WARN);
    var db = PostgresExtension.database();
    // Thousands of small commits: a test database needs no wait for the disk on each.
    String url =
        db.jdbcUrl()
            + (db.jdbcUrl().contains("?") ? "&" : "?")
            + "options=-c%20synchronous_commit%3Doff";
    database = Database.connect(new DatabaseConfig(url, db.user(), db.password(), 2));
    database.migrate();
    runs = new PostgresRunStore(database, clock);
    dags = new PostgresDagStore(database);
    queue =
        new RedisTaskQueue(
            RedisClients.create(RedisExtension.url()),
            RedisExtension.namespace(),
            Duration.ofMinutes(5));
    advance = new RunProgress(runs, queue, clock);
  }

  @AfterEach
  void close() {
    queue.close();
    database.close();
    jooqLog.setLevel(jooqLevel);
  }

  @Test
  void the_hand_over_path_and_the_planner_path_end_every_task_and_every_run_alike() {
    long seed = Long.getLong("updraft.pathsAgree.seed", 20_240_301L);
    int cases = Integer.getInteger("updraft.pathsAgree.cases", 150);
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < cases; i++) {
      RandomRunCase c = RandomRunCase.of(seed + i);
      Ending handedOver = drive(c, "agree_hand_over_" + i, new ByHandOver(c));
      Ending planned = drive(c, "agree_planner_" + i, new ByPlanner(c));
      // Both stuck alike would agree: a run must end, whichever path moved it.
      if (!handedOver.equals(planned) || !planned.ended()) {
        disagreements.add(
            c + "  hand-over path: " + handedOver + "\n  planner path:   " + planned + "\n");
      }
    }
    assertThat(disagreements).as("cases from seed %d where the paths disagree", seed).isEmpty();
  }

  /** How a run ended: its state, and each task's state and try number. */
  record Ending(RunState run, Map<String, String> tasks) {
    boolean ended() {
      return run == RunState.SUCCESS || run == RunState.FAILED;
    }

    @Override
    public String toString() {
      return run + " " + tasks;
    }
  }

  /** One way of starting a run and of recording a try's outcome with what follows from it. */
  private interface Path {
    void start(DagRun run, DagStructure dag);

    void record(TaskChange outcome, DagRun run, DagStructure dag, String taskId);
  }

  /**
   * Replays the case in a new run: takes the first task queued or running (in the DAG's order),
   * claims it as a worker does, and records what the script says its try does, until no task is
   * left queued or running.
   */
  private Ending drive(RandomRunCase c, String dagId, Path path) {
    DagStructure dag = c.dag(dagId);
    dags.save(dag, NOW);
    DagRun run = runs.createRun(NewDagRun.manual(dagId, NOW, Map.of()), dag).orElseThrow();
    path.start(run, dag);
    // Running from now until its last task ends, when nothing is left to record.
    DagRun running = runs.findRun(run.id()).orElseThrow();
    for (int step = 0; step < MAX_STEPS; step++) {
      Optional<TaskInstance> next =
          runs.taskInstances(run.id()).stream()
              .filter(ti -> ti.state() == TaskState.QUEUED || ti.state() == TaskState.RUNNING)
              .findFirst();
      if (next.isEmpty()) {
        break;
      }
      TaskInstance ti = next.get();
      if (ti.state() == TaskState.QUEUED) {
        ti =
            runs.claim(
                    List.of(
                        new TaskChange(
                            ti.id(),
                            ti.tryNumber(),
                            TaskState.QUEUED,
                            TaskState.RUNNING,
                            NOW,
                            false,
                            null,
                            WORKER)))
                .getFirst();
      }
      path.record(outcomeOf(c, ti), running, dag, ti.taskId());
    }
    Map<String, String> tasks = new LinkedHashMap<>();
    for (TaskInstance ti : runs.taskInstances(run.id())) {
      tasks.put(ti.taskId(), ti.state().name().toLowerCase(Locale.ROOT) + "/" + ti.tryNumber());
    }
    return new Ending(runs.findRun(run.id()).orElseThrow().state(), tasks);
  }

  /** The running try's outcome as its operator run would report it. */
  private static TaskChange outcomeOf(RandomRunCase c, TaskInstance ti) {
    TaskState does = c.outcome(ti.taskId(), ti.tryNumber());
    boolean retry = does == TaskState.FAILED && ti.tryNumber() < ti.maxTries();
    return new TaskChange(
        ti.id(),
        ti.tryNumber(),
        TaskState.RUNNING,
        retry ? TaskState.UP_FOR_RETRY : does,
        NOW,
        false,
        retry ? NOW : null,
        null);
  }

  /** What a branch or short circuit skips when it succeeds, as its operator chose. */
  private static List<TaskChange> skipsAfter(
      RandomRunCase c,
      TaskChange outcome,
      DagStructure dag,
      String taskId,
      List<TaskInstance> instances) {
    if (outcome.to() != TaskState.SUCCESS) {
      return List.of();
    }
    if (!branching(dag, taskId)) {
      return List.of();
    }
    if (dag.task(taskId).orElseThrow().kind().equals(BranchOperator.KIND)) {
      return BranchSkips.forBranch(dag, taskId, c.follows().get(taskId), instances, NOW);
    }
    return c.falsy().contains(taskId)
        ? BranchSkips.forShortCircuit(dag, taskId, instances, NOW)
        : List.of();
  }

  private static boolean branching(DagStructure dag, String taskId) {
    String kind = dag.task(taskId).orElseThrow().kind();
    return kind.equals(BranchOperator.KIND) || kind.equals(ShortCircuitOperator.KIND);
  }

  /**
   * The worker's: the database's shortest path when it applies, else the mini scheduler, and a plan
   * on the run event when the outcome leaves the run unsettled. Runs start in {@code
   * updraft_start_runs}.
   */
  private final class ByHandOver implements Path {
    private final RandomRunCase c;

    ByHandOver(RandomRunCase c) {
      this.c = c;
    }

    @Override
    public void start(DagRun run, DagStructure dag) {
      advance.plan(run, dag);
    }

    @Override
    public void record(TaskChange outcome, DagRun run, DagStructure dag, String taskId) {
      Recorded recorded =
          advance.record(
              new FinishedTry(
                  outcome,
                  run,
                  dag,
                  taskId,
                  List.of(),
                  instances -> skipsAfter(c, outcome, dag, taskId, instances)),
              ITSELF);
      assertThat(recorded.applied()).as("the outcome's fence matched").isTrue();
      if (!recorded.settled()) {
        advance.plan(runs.findRun(run.id()).orElseThrow(), dag);
      }
    }
  }

  /**
   * The scheduler's: the outcome and the operator's skips recorded alone, then the whole run
   * planned from its stored states. Runs start by the planner queueing their roots.
   */
  private final class ByPlanner implements Path {
    private final RandomRunCase c;

    ByPlanner(RandomRunCase c) {
      this.c = c;
    }

    @Override
    public void start(DagRun run, DagStructure dag) {
      runs.setRunState(run.id(), RunState.RUNNING, NOW);
      advance.plan(runs.findRun(run.id()).orElseThrow(), dag);
    }

    @Override
    public void record(TaskChange outcome, DagRun run, DagStructure dag, String taskId) {
      assertThat(runs.apply(outcome)).as("the outcome's fence matched").isTrue();
      if (outcome.to() == TaskState.SUCCESS && branching(dag, taskId)) {
        List<TaskChange> skips = skipsAfter(c, outcome, dag, taskId, runs.taskInstances(run.id()));
        if (!skips.isEmpty()) {
          runs.applyAll(skips);
        }
      }
      advance.plan(run, dag);
    }
  }
}
