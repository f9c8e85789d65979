package io.updraft.scheduler;

import io.updraft.core.config.SchedulerConfig;
import io.updraft.core.dag.DagSource;
import io.updraft.core.hook.Hooks;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.AssetStore;
import io.updraft.core.run.CallbackRequests;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.ImportErrorStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.ShippedLogs;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskLogShipper;
import io.updraft.core.secrets.SecretsChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler process: Quartz turns schedules into runs; run events make it plan a run at once; a
 * periodic sweep plans every active run and pushes lost messages again. Events have a thread of
 * their own, so a trigger or a finished task is planned at once instead of waiting for a sweep
 * (which reads every DAG and active run). The two may plan one run at the same moment: the fenced
 * updates keep them apart, as they keep several schedulers apart.
 */
public final class SchedulerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerService.class);

  /** Events of one run within this window lead to one plan; short next to a task's latency. */
  private static final Duration EVENT_COALESCING = Duration.ofMillis(250);

  private final Scheduler quartz;
  private final RegisterDags registerDags;
  private final EnqueueReadyTasks enqueue;
  private final RequeueStaleTasks requeue;
  private final ReapZombies reapZombies;
  private final DagSource dagSource;
  private CallCallbacks callCallbacks;
  private final CreateScheduledRuns createRuns;
  private final TimeOutRuns timeOutRuns;
  private final RecordDeadlineMisses deadlineMisses;
  private final QueueScheduledTasks queueScheduled;
  private final DagStore dags;
  private final RunStore runs;
  private final RunEvents events;
  private final SchedulerConfig config;
  private final MetricsRecorder metrics;
  private final ScheduledExecutorService duties =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "updraft-scheduler"));
  // User code of callbacks runs here, so that a slow one never delays planning.
  private final ScheduledExecutorService callbacks =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "updraft-callbacks"));
  private final ScheduledExecutorService eventPlans =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "updraft-scheduler-events"));
  private final Set<Long> plansWaiting = ConcurrentHashMap.newKeySet();
  private final Set<Long> eventsInWindow = ConcurrentHashMap.newKeySet();
  private final Set<Long> toPlan = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean planPending = new AtomicBoolean();
  private volatile CreateAssetTriggeredRuns assetRuns;
  private volatile ShipEndedTryLogs shipLogs;
  private final Clock clock;
  private volatile Instant lastSweep;
  private AutoCloseable subscription;

  /**
   * A scheduler as {@code settings} say, of the DAGs {@code dagSource} gives: when they may change
   * while it runs (a DAGs folder), each sweep registers them again when they did, and records in
   * {@code importErrors} which DAG files did not load. It reports the runs it creates and the tasks
   * it ends or queues to {@code metrics}.
   */
  public SchedulerService(
      SchedulerSettings settings,
      DagSource dagSource,
      DagStore dags,
      ImportErrorStore importErrors,
      RunStore runs,
      TaskQueue queue,
      RunEvents events,
      DataSource dataSource,
      Clock clock,
      MetricsRecorder metrics)
      throws SchedulerException {
    this.config = settings.config();
    this.metrics = metrics;
    this.clock = clock;
    this.events = events;
    this.dags = dags;
    this.runs = runs;
    this.createRuns = new CreateScheduledRuns(runs, events, clock, metrics);
    this.timeOutRuns = new TimeOutRuns(runs, dags, clock, metrics);
    this.deadlineMisses = new RecordDeadlineMisses(runs, dagSource, clock);
    this.queueScheduled = new QueueScheduledTasks(runs, queue, clock);
    this.quartz =
        QuartzSchedulers.create(
            dataSource, (bundle, s) -> new CreateScheduledRunJob(dags, createRuns));
    this.registerDags =
        new RegisterDags(dagSource, dags, importErrors, quartz, clock, settings.pausedOnCreation());
    this.enqueue =
        new EnqueueReadyTasks(
            runs, dags, new RunProgress(runs, queue, clock, metrics, settings.maxMapLength()));
    this.requeue =
        new RequeueStaleTasks(runs, queue, clock, Duration.ofSeconds(config.requeueAfterSeconds()));
    this.dagSource = dagSource;
    this.reapZombies =
        new ReapZombies(
            runs, dags, events, clock, Duration.ofSeconds(config.zombieAfterSeconds()), metrics);
  }

  /**
   * Creates the asset-triggered runs of DAGs scheduled on assets, as {@code assets} records their
   * updates. Without it (before {@link #start}) this scheduler creates none.
   */
  public SchedulerService creatingAssetTriggeredRuns(AssetStore assets) {
    this.assetRuns = new CreateAssetTriggeredRuns(assets, dags, events, clock, metrics);
    return this;
  }

  /**
   * Calls the callbacks the outbox {@code requests} asks for: the DAGs' run callbacks ({@code
   * onRunSuccess}, {@code onRunFailure}), their {@code onDeadlineMiss} and the task callbacks of
   * tries this scheduler ended itself. Their connections and hooks come from {@code secrets} and
   * {@code hooks}, as a worker's tasks' do (null: callbacks get none). Without it (before {@link
   * #start}) this scheduler calls none.
   */
  public SchedulerService callingCallbacksFrom(
      CallbackRequests requests, SecretsChain secrets, Hooks hooks) {
    CallbackConnections connections = new CallbackConnections(secrets, hooks);
    this.callCallbacks =
        new CallCallbacks(requests, clock, "scheduler-" + ProcessHandle.current().pid())
            .handling(
                CallbackRequests.RUN_FINISHED,
                new CallRunFinishedCallbacks(runs, dagSource, connections))
            .handling(
                CallbackRequests.DEADLINE_MISS,
                new CallDeadlineMissCallbacks(runs, dagSource, connections))
            .handling(
                CallbackRequests.TASK_FAILED_BY_SCHEDULER,
                new CallSchedulerEndedTaskCallbacks(runs, dagSource, connections));
    return this;
  }

  /**
   * Ships the logs of tries that ended without their worker shipping them (logs.remote), once they
   * ended at least {@code after} ago; see {@link ShipEndedTryLogs}. Without it (before {@link
   * #start}) this scheduler ships none.
   */
  public SchedulerService shippingEndedTryLogs(
      ShippedLogs shipped, TaskLogShipper shipper, Duration after) {
    this.shipLogs = new ShipEndedTryLogs(shipped, shipper, clock, after);
    return this;
  }

  public void start() throws SchedulerException {
    registerDags.runOnce();
    quartz.start();
    subscription = events.subscribe(this::planSoon);
    duties.scheduleWithFixedDelay(this::sweep, 0, config.sweepIntervalMs(), TimeUnit.MILLISECONDS);
    if (callCallbacks != null) {
      callbacks.scheduleWithFixedDelay(
          this::callCallbacks, 0, config.sweepIntervalMs(), TimeUnit.MILLISECONDS);
    }
    LOG.info("Scheduler started");
  }

  /**
   * Plans a run once however many events arrive while a plan of it waits: a run of thousands of
   * tasks sends an event per finished batch.
   */
  private void planSoon(long runId) {
    if (plansWaiting.add(runId)) {
      // The first event plans at once (a trigger, a chain's next task); the ones that follow
      // within the window make one more plan at its end.
      planNow(runId);
      eventPlans.schedule(
          () -> {
            plansWaiting.remove(runId);
            if (eventsInWindow.remove(runId)) {
              planNow(runId);
            }
          },
          EVENT_COALESCING.toMillis(),
          TimeUnit.MILLISECONDS);
    } else {
      eventsInWindow.add(runId);
    }
  }

  private void planNow(long runId) {
    toPlan.add(runId);
    if (planPending.compareAndSet(false, true)) {
      eventPlans.execute(this::planWaitingRuns);
    }
  }

  /**
   * Plans every run whose event is waiting, together: the runs triggered or advanced while the last
   * plan ran start and advance in one transaction, instead of one each.
   */
  private void planWaitingRuns() {
    // Cleared first: an event that arrives from now on plans in a pass of its own, after this one.
    planPending.set(false);
    List<Long> runIds = new ArrayList<>();
    for (Iterator<Long> it = toPlan.iterator(); it.hasNext(); ) {
      runIds.add(it.next());
      it.remove();
    }
    if (runIds.isEmpty()) {
      return;
    }
    try {
      enqueue.runOnce(runIds);
      // A finished task may have freed a slot that a waiting task can take.
      queueScheduled.runOnce();
    } catch (RuntimeException e) {
      reapZombies.databaseUnreachable();
      LOG.error("Cannot plan runs {}: {}", runIds, e.toString());
    }
  }

  private void callCallbacks() {
    try {
      callCallbacks.runOnce();
    } catch (RuntimeException e) {
      LOG.error("Cannot call the requested callbacks (tried again next time): {}", e.toString());
    }
  }

  private void sweep() {
    try {
      registerDags.runOnce();
    } catch (RuntimeException | SchedulerException e) {
      reapZombies.databaseUnreachable();
      LOG.error("Cannot register the DAGs (tried again next sweep): {}", e.toString());
    }
    try {
      List<StoredDag> listed = dags.list();
      createRuns.runOnceIfDue(
          listed.stream()
              .filter(dag -> !dag.paused() && dag.active())
              .map(StoredDag::structure)
              .filter(dag -> !ParsedSchedules.of(dag.schedule()).isNone())
              .toList());
      if (assetRuns != null) {
        assetRuns.runOnce();
      }
      List<DagRun> active = runs.activeRuns();
      deadlineMisses.runOnce(active);
      timeOutRuns.runOnce(active);
      enqueue.planAll(listed);
      queueScheduled.runOnce();
      requeue.runOnce();
      reapZombies.runOnce();
      if (shipLogs != null) {
        shipLogs.runOnce();
      }
      lastSweep = clock.instant();
    } catch (RuntimeException e) {
      // The next sweep tries again; a database or Redis outage must not kill the scheduler.
      reapZombies.databaseUnreachable();
      LOG.error("Scheduler sweep failed: {}", e.toString());
    }
  }

  /** When its last sweep of every duty completed; empty before the first. */
  public Optional<Instant> lastSweep() {
    return Optional.ofNullable(lastSweep);
  }

  @Override
  public void close() {
    try {
      if (subscription != null) {
        subscription.close();
      }
      eventPlans.shutdown();
      duties.shutdown();
      callbacks.shutdown();
      callbacks.awaitTermination(10, TimeUnit.SECONDS);
      eventPlans.awaitTermination(10, TimeUnit.SECONDS);
      duties.awaitTermination(10, TimeUnit.SECONDS);
      quartz.shutdown(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("Scheduler did not stop cleanly: {}", e.toString());
    }
    LOG.info("Scheduler stopped");
  }
}
