package io.updraft.worker;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.TaskMapping;
import io.updraft.core.hook.Hooks;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.plan.AdvanceRun;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.queue.Delivery;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.queue.RedisClients;
import io.updraft.queue.RedisTaskQueue;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresRenderedFieldsStore;
import io.updraft.sql.PostgresRunStore;
import io.updraft.sql.PostgresTaskLogStore;
import io.updraft.sql.PostgresXComStore;
import io.updraft.testing.ManualClock;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The scheduler's and a worker's duties advanced one step at a time on a manual clock, on the
 * test's thread (as db-scheduler's {@code ManualScheduler}): no worker threads, no sleeps, nothing
 * to wait for. Real PostgreSQL and Redis underneath, and the worker's own {@link TaskRunner}:
 * claims, hand-overs and the planner are the production paths. Each {@link #tick()} is what the
 * worker's loop and the scheduler's sweep do once: every message waiting on the queue is claimed,
 * run and recorded (a task its record hands over runs next, as on a worker with a free slot), then
 * every active run is planned. Time moves only by {@link #advance}.
 */
final class StepHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String WORKER = "step-worker";
  private static final List<String> QUEUES = List.of("default");

  final ManualClock clock = new ManualClock(T0);
  final Database database;
  final PostgresDagStore dags;
  final PostgresRunStore runs;
  final PostgresXComStore xcoms;
  final PostgresTaskLogStore logs;
  final PostgresRenderedFieldsStore renderedFields;
  final RedisTaskQueue queue;
  private final RunProgress progress;
  private final TaskRunner runner;
  private final List<Long> events = new ArrayList<>();

  /** A harness whose tasks find no connections. */
  StepHarness(Dag... dagList) {
    this(null, dagList);
  }

  /** A harness whose tasks find their connections through {@code secrets} (null: none). */
  StepHarness(SecretsChain secrets, Dag... dagList) {
    this(secrets, TaskMapping.DEFAULT_MAX_LENGTH, dagList);
  }

  /** ...whose mapped tasks expand into at most {@code maxMapLength} instances. */
  StepHarness(SecretsChain secrets, int maxMapLength, Dag... dagList) {
    var db = PostgresExtension.database();
    database = Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4));
    database.migrate();
    dags = new PostgresDagStore(database);
    runs = new PostgresRunStore(database, clock);
    xcoms = new PostgresXComStore(database);
    logs = new PostgresTaskLogStore(database);
    renderedFields = new PostgresRenderedFieldsStore(database);
    queue =
        new RedisTaskQueue(
            RedisClients.create(RedisExtension.url()),
            RedisExtension.namespace(),
            Duration.ofMinutes(5));
    progress = new RunProgress(runs, queue, clock, MetricsRecorder.NONE, maxMapLength);
    SecretsChain chain =
        secrets != null
            ? secrets
            : new SecretsChain(
                List.of(), Duration.ZERO, clock, SecretsAudit.none(), new SecretMasker());
    runner =
        new TaskRunner(
            WORKER,
            DagSource.of(DagBag.of(dagList)),
            runs,
            dags,
            xcoms,
            logs,
            renderedFields,
            progress,
            new RecordedEvents(events),
            clock,
            new RunningTasks(),
            48 * 1024,
            chain,
            Hooks.load(
                connId -> chain.connection(connId, Requester.component("test")),
                getClass().getClassLoader()),
            MetricsRecorder.NONE);
    HandOverOffer handOvers = new HandOverOffer(WORKER, QUEUES, DagSource.of(DagBag.of(dagList)));
    handOvers.open();
    runner.offering(handOvers);
  }

  /** Creates a manual run of {@code dag} and starts it, as a trigger and the scheduler would. */
  DagRun trigger(Dag dag) {
    return trigger(dag, Map.of());
  }

  DagRun trigger(Dag dag, Map<String, Object> conf) {
    return start(dag, NewDagRun.manual(dag.id(), clock.instant(), conf));
  }

  /** Creates the run {@code request} asks for and starts it, as the scheduler would. */
  DagRun start(Dag dag, NewDagRun request) {
    dags.save(dag.structure(), clock.instant());
    DagRun run = runs.createRun(request, dag.structure()).orElseThrow();
    progress.plan(run, dag.structure());
    return run;
  }

  /**
   * One step of the worker and the scheduler. Returns the number of tries run and tasks queued:
   * zero once nothing is left to do at this time.
   */
  int tick() {
    List<Delivery> deliveries = queue.reserve(WORKER, QUEUES, 100, Duration.ZERO);
    TaskClaims.Claims claimed = runner.claims().claim(deliveries);
    queue.ackAll(claimed.stale());
    int tries = 0;
    Deque<TaskClaims.Claim> toRun = new ArrayDeque<>(claimed.claimed());
    while (!toRun.isEmpty()) {
      TaskClaims.Claim claim = toRun.pop();
      List<TaskRunner.Finished> finished = new ArrayList<>();
      runner.execute(claim, finished::add);
      tries++;
      // A task the record hands over runs next, on the slot this try leaves.
      runner.record(finished, true).forEach(toRun::push);
      if (claim.fromQueue()) {
        queue.ack(claim.delivery());
      }
    }
    return tries + planActiveRuns();
  }

  /**
   * One step in which every claimed try runs first and all their outcomes are then recorded
   * together, as a worker records tries that ended at the same moment (one batch).
   */
  int tickInOneBatch() {
    List<Delivery> deliveries = queue.reserve(WORKER, QUEUES, 100, Duration.ZERO);
    TaskClaims.Claims claimed = runner.claims().claim(deliveries);
    queue.ackAll(claimed.stale());
    List<TaskRunner.Finished> finished = new ArrayList<>();
    for (TaskClaims.Claim claim : claimed.claimed()) {
      runner.execute(claim, finished::add);
    }
    runner.record(finished, false);
    queue.ackAll(claimed.claimed().stream().map(TaskClaims.Claim::delivery).toList());
    return finished.size() + planActiveRuns();
  }

  /** Ticks until nothing is left to do at this time; fails after {@code maxTicks}. */
  void tickUntilIdle(int maxTicks) {
    for (int k = 0; k < maxTicks; k++) {
      if (tick() == 0) {
        return;
      }
    }
    throw new AssertionError("Still running or queueing tasks after " + maxTicks + " ticks");
  }

  /** Moves the manual clock forward: a retry's delay, a sensor's poke interval. */
  void advance(Duration by) {
    clock.advance(by);
  }

  /** The run as it is now. */
  DagRun run(DagRun run) {
    return runs.findRun(run.id()).orElseThrow();
  }

  TaskInstance task(DagRun run, String taskId) {
    return runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  String log(DagRun run, String taskId, int tryNumber) {
    return String.join("\n", logs.read(task(run, taskId).id(), tryNumber));
  }

  /** The runs the worker told the scheduler about, in order. */
  List<Long> events() {
    return List.copyOf(events);
  }

  /** The scheduler's sweep: every active run planned, the finished ones closed; tasks queued. */
  private int planActiveRuns() {
    List<AdvanceRun.Planning> planning = new ArrayList<>();
    for (DagRun run : runs.activeRuns()) {
      dags.find(run.dagId())
          .ifPresent(dag -> planning.add(new AdvanceRun.Planning(run, dag.structure())));
    }
    return progress.plan(planning);
  }

  @Override
  public void close() {
    queue.close();
    database.close();
  }

  /** The worker's run events, kept for the test instead of sent: the harness plans every run. */
  private record RecordedEvents(List<Long> published) implements RunEvents {
    @Override
    public void publish(long dagRunId) {
      published.add(dagRunId);
    }

    @Override
    public AutoCloseable subscribe(LongConsumer listener) {
      return () -> {};
    }

    @Override
    public void close() {}
  }
}
