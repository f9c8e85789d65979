package io.updraft.cli;

import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE_HISTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.count;

import io.updraft.core.config.ConfigLoader;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.worker.Worker;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * PostgreSQL is the truth, Redis only delivers: workers and schedulers killed with SIGKILL, Redis
 * emptied, duplicate deliveries; every run still ends, and no try runs twice.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class RecoveryTest {
  /**
   * Short heartbeats and thresholds, so that recovery happens within seconds. A live worker's beats
   * every 200 ms must never look 15 s old, even on a machine busy enough to delay them; the lease
   * (3 s) plus the worker's margin (a beat interval and 10 s) stays below the zombie window, as
   * workers insist.
   */
  private static final Map<String, String> FAST =
      Map.of(
          "UPDRAFT_WORKER__HEARTBEAT_INTERVAL_MS", "200",
          "UPDRAFT_WORKER__SHUTDOWN_GRACE_SECONDS", "2",
          "UPDRAFT_SCHEDULER__SWEEP_INTERVAL_MS", "200",
          "UPDRAFT_SCHEDULER__REQUEUE_AFTER_SECONDS", "2",
          "UPDRAFT_WORKER__LEASE_SECONDS", "3",
          "UPDRAFT_SCHEDULER__ZOMBIE_AFTER_SECONDS", "15");

  private Backends backends;
  private ChildProcesses children;
  private final List<AutoCloseable> inProcess = new ArrayList<>();

  @BeforeEach
  void open() {
    children = new ChildProcesses(FAST);
    var db = PostgresExtension.database();
    Map<String, String> env = new HashMap<>(FAST);
    env.put("UPDRAFT_DATABASE__URL", db.jdbcUrl());
    env.put("UPDRAFT_DATABASE__USER", db.user());
    env.put("UPDRAFT_REDIS__URL", RedisExtension.url());
    env.put("UPDRAFT_REDIS__NAMESPACE", RedisExtension.namespace());
    UpdraftConfig config = ConfigLoader.load(null, env);
    backends = Backends.open(config, true);
  }

  @AfterEach
  void close() throws Exception {
    children.close();
    for (AutoCloseable c : inProcess.reversed()) {
      c.close();
    }
    backends.close();
  }

  private SchedulerService startScheduler() throws Exception {
    SchedulerService scheduler = Processes.scheduler(backends, RecoveryDags.bag());
    scheduler.start();
    inProcess.add(scheduler);
    return scheduler;
  }

  private Worker startWorker(String name) {
    Worker worker = Processes.worker(backends, RecoveryDags.bag(), name, List.of("default"), 4);
    worker.start();
    inProcess.add(worker);
    return worker;
  }

  private DagRun trigger(Dag dag, Instant at) {
    backends.dags.save(dag.structure(), at);
    DagRun run =
        backends
            .runs
            .createRun(NewDagRun.manual(dag.id(), at, Map.of()), dag.structure())
            .orElseThrow();
    backends.events().publish(run.id());
    return run;
  }

  private TaskInstance task(DagRun run, String taskId) {
    return backends.runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  private RunState awaitEnd(DagRun run, Duration atMost) {
    await()
        .atMost(atMost)
        .until(() -> backends.runs.findRun(run.id()).orElseThrow().state().isTerminal());
    return backends.runs.findRun(run.id()).orElseThrow().state();
  }

  /** Tries that were claimed (queued → running) more than once: must always be none. */
  private List<String> triesClaimedTwice() {
    return backends
        .database
        .dsl()
        .select(TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID, TASK_INSTANCE_HISTORY.TRY_NUMBER, count())
        .from(TASK_INSTANCE_HISTORY)
        .where(TASK_INSTANCE_HISTORY.TO_STATE.eq(TaskState.RUNNING.wireName()))
        .groupBy(TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID, TASK_INSTANCE_HISTORY.TRY_NUMBER)
        .having(count().gt(1))
        .fetch(r -> r.value1() + " try " + r.value2() + " ran " + r.value3() + " times");
  }

  private int historyCount(TaskState from, TaskState to) {
    return backends
        .database
        .dsl()
        .fetchCount(
            TASK_INSTANCE_HISTORY,
            TASK_INSTANCE_HISTORY.FROM_STATE.eq(from.wireName()),
            TASK_INSTANCE_HISTORY.TO_STATE.eq(to.wireName()));
  }

  @Test
  void a_task_whose_worker_is_killed_mid_task_is_retried_by_another_worker() throws Exception {
    startScheduler();
    Process doomed = children.worker("doomed", 2);
    DagRun run = trigger(RecoveryDags.SLOW, backends.clock.instant());
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> task(run, "slow").state() == TaskState.RUNNING);
    assertThat(task(run, "slow").worker()).isEqualTo("doomed");
    children.worker("survivor", 2);

    ChildProcesses.kill9(doomed);

    assertThat(awaitEnd(run, Duration.ofSeconds(120))).isEqualTo(RunState.SUCCESS);
    TaskInstance slow = task(run, "slow");
    assertThat(slow.worker()).isEqualTo("survivor");
    assertThat(slow.tryNumber()).isEqualTo(2);
    assertThat(historyCount(TaskState.RUNNING, TaskState.UP_FOR_RETRY)).isEqualTo(1);
    assertThat(triesClaimedTwice()).isEmpty();
  }

  @Test
  void a_run_completes_when_redis_loses_every_key_mid_run() throws Exception {
    startScheduler();
    startWorker("through-flush");
    DagRun run = trigger(RecoveryDags.CHAIN, backends.clock.instant());
    await()
        .atMost(Duration.ofSeconds(180))
        .until(() -> task(run, "step_2").state() == TaskState.RUNNING);

    try (Jedis jedis = new Jedis(URI.create(RedisExtension.url()))) {
      for (String key : jedis.keys(RedisExtension.namespace() + ":*")) {
        jedis.del(key);
      }
    }

    assertThat(awaitEnd(run, Duration.ofSeconds(120))).isEqualTo(RunState.SUCCESS);
    assertThat(triesClaimedTwice()).isEmpty();
  }

  @Test
  void a_scheduler_killed_mid_run_and_started_again_lets_the_run_finish() {
    Process scheduler = children.scheduler("scheduler-1");
    children.worker("steady", 4);
    DagRun run = trigger(RecoveryDags.CHAIN, backends.clock.instant());
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> task(run, "step_1").state() == TaskState.SUCCESS);

    ChildProcesses.kill9(scheduler);
    DagRun second = trigger(RecoveryDags.SLOW, backends.clock.instant());
    children.scheduler("scheduler-2");

    assertThat(awaitEnd(run, Duration.ofSeconds(120))).isEqualTo(RunState.SUCCESS);
    assertThat(awaitEnd(second, Duration.ofSeconds(120))).isEqualTo(RunState.SUCCESS);
    assertThat(triesClaimedTwice()).isEmpty();
  }

  @Test
  void a_thousand_tasks_all_end_and_none_runs_twice_while_workers_are_killed_at_random()
      throws Exception {
    startScheduler();
    Map<String, Process> workers = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      workers.put("soak-" + i, children.worker("soak-" + i, 8));
    }
    Instant base = backends.clock.instant();
    List<DagRun> runs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      runs.add(trigger(RecoveryDags.WIDE, base.plusMillis(i)));
    }

    // Kill, at random, workers that are running tasks right now, and start replacements.
    Random random = new Random(42);
    for (int kill = 0; kill < 3; kill++) {
      List<String> busy = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(90))
          .conditionEvaluationListener(RecoveryTest.this::reportStall)
          .until(
              () -> {
                busy.clear();
                busy.addAll(busyWorkers(workers.keySet()));
                return !busy.isEmpty() || allEnded(runs);
              });
      if (busy.isEmpty()) {
        break;
      }
      String victim = busy.get(random.nextInt(busy.size()));
      ChildProcesses.kill9(workers.remove(victim));
      workers.put("soak-replacement-" + kill, children.worker("soak-replacement-" + kill, 8));
    }
    await()
        .atMost(Duration.ofSeconds(180))
        .conditionEvaluationListener(RecoveryTest.this::reportStall)
        .until(() -> allEnded(runs));

    assertThat(allEnded(runs)).isTrue();
    int notTerminal =
        backends
            .database
            .dsl()
            .fetchCount(
                TASK_INSTANCE,
                TASK_INSTANCE.STATE.notIn(
                    TaskState.SUCCESS.wireName(),
                    TaskState.FAILED.wireName(),
                    TaskState.UPSTREAM_FAILED.wireName(),
                    TaskState.SKIPPED.wireName()));
    assertThat(notTerminal).isZero();
    assertThat(backends.database.dsl().fetchCount(TASK_INSTANCE)).isEqualTo(1000);
    assertThat(triesClaimedTwice()).isEmpty();
    // The kills did hit running tasks, which were then retried.
    assertThat(historyCount(TaskState.RUNNING, TaskState.UP_FOR_RETRY)).isPositive();
  }

  /** The workers among {@code names} that have a running task. */
  private List<String> busyWorkers(Set<String> names) {
    return backends
        .database
        .dsl()
        .selectDistinct(TASK_INSTANCE.WORKER)
        .from(TASK_INSTANCE)
        .where(TASK_INSTANCE.STATE.eq(TaskState.RUNNING.wireName()), TASK_INSTANCE.WORKER.in(names))
        .fetch(TASK_INSTANCE.WORKER);
  }

  /** Shows, in the test output, where tasks stand when a wait is about to time out. */
  private void reportStall(org.awaitility.core.EvaluatedCondition<?> condition) {
    if (!condition.isSatisfied() && condition.getRemainingTimeInMS() < 500) {
      System.out.println("Task states before timing out: " + taskStates());
    }
  }

  private Map<String, Integer> taskStates() {
    return backends
        .database
        .dsl()
        .select(TASK_INSTANCE.STATE, count())
        .from(TASK_INSTANCE)
        .groupBy(TASK_INSTANCE.STATE)
        .fetchMap(TASK_INSTANCE.STATE, count());
  }

  private boolean allEnded(List<DagRun> runs) {
    return runs.stream()
        .allMatch(r -> backends.runs.findRun(r.id()).orElseThrow().state().isTerminal());
  }
}
