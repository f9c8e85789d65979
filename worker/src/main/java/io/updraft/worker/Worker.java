package io.updraft.worker;

import io.updraft.core.dag.DagSource;
import io.updraft.core.hook.Hooks;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.queue.Delivery;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RenderedFieldsStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskLogShipper;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.run.WorkerStore;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.SecretsChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes task messages from its queues and runs each on a thread of its own ({@link TaskThreads}),
 * at most {@code slots} at once. It asks the queue only for as many messages as it has free slots,
 * so messages it cannot run yet stay available to other workers. It heartbeats while it runs, and
 * stops gracefully: no new work, running tries get a grace period, then are interrupted and put up
 * for retry, so no task is left {@code running}.
 */
public final class Worker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
  private static final Duration POLL_BLOCK = Duration.ofMillis(500);

  /** How long interrupted tries get to record their outcome before the worker records it. */
  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(5);

  private final WorkerSettings settings;
  private final TaskQueue queue;
  private final TaskRunner runner;
  private final RunningTasks runningTasks;
  private final WorkerHeartbeat heartbeat;
  private final WorkerSlots slots;
  private final TaskThreads executor;
  private final OutcomeRecorder outcomes;

  private final DatabaseContact database;
  private final HandOverOffer handOvers;
  private volatile boolean running;

  private Thread recorder;
  private boolean closed;
  private Thread loop;

  Worker(
      WorkerSettings settings,
      TaskQueue queue,
      TaskRunner runner,
      HandOverOffer handOvers,
      RunningTasks runningTasks,
      WorkerHeartbeat heartbeat) {
    this.settings = settings;
    this.handOvers = handOvers;
    this.queue = queue;
    this.runner = runner;
    this.runningTasks = runningTasks;
    this.heartbeat = heartbeat;
    this.slots = new WorkerSlots(settings.slots());
    this.executor = new TaskThreads(settings.name(), settings.slots());
    this.database = new DatabaseContact(settings, heartbeat, runningTasks, slots);
    this.outcomes =
        new OutcomeRecorder(
            settings.name(), runner, queue, slots, database::unreachable, this::execute);
  }

  /**
   * Composes a worker whose DAGs may change while it runs (a DAGs folder), reporting the tasks it
   * runs to {@code metrics}; {@link #start()} sets it going.
   */
  public static Worker create(
      WorkerSettings settings,
      DagSource dagSource,
      RunStore runs,
      DagStore dags,
      XComStore xcoms,
      TaskLogStore logs,
      RenderedFieldsStore renderedFields,
      WorkerStore workers,
      TaskQueue queue,
      RunEvents events,
      Clock clock,
      SecretsChain secrets,
      Hooks hooks,
      MetricsRecorder metrics) {
    RunningTasks running = new RunningTasks();
    HandOverOffer handOvers = new HandOverOffer(settings.name(), settings.queues(), dagSource);
    TaskRunner runner =
        new TaskRunner(
                settings.name(),
                dagSource,
                runs,
                dags,
                xcoms,
                logs,
                renderedFields,
                new RunProgress(runs, queue, clock, metrics, settings.maxMapLength()),
                events,
                clock,
                running,
                settings.xcomMaxBytes(),
                secrets,
                hooks,
                metrics)
            .capLogsAt(settings.logMaxBytesPerTry())
            .isolatingJavaTasks(settings.isolateJavaTasks())
            .offering(handOvers);
    WorkerHeartbeat heartbeat =
        new WorkerHeartbeat(
            settings.name(),
            settings.hostname(),
            settings.queues(),
            settings.slots(),
            running,
            runs,
            workers,
            clock);
    return new Worker(settings, queue, runner, handOvers, running, heartbeat);
  }

  /**
   * Refuses settings whose lease could let the scheduler retry a task this worker still runs
   * ({@link WorkerLease}): throws an error that names both settings.
   */
  public static void checkLease(WorkerSettings settings, Duration zombieAfter) {
    WorkerLease.check(settings.lease(), settings.heartbeatInterval(), zombieAfter);
  }

  /**
   * Ships each ended try's log to remote storage (logs.remote) and keeps only running tries' logs
   * in PostgreSQL; call before {@link #start()}.
   */
  public Worker shippingLogs(TaskLogShipper shipper) {
    runner.shippingLogs(shipper);
    return this;
  }

  public String name() {
    return settings.name();
  }

  public synchronized void start() {
    running = true;
    // A finished try hands its slot to a task it made ready while the worker takes new work.
    handOvers.open();
    database.start();
    recorder = Thread.ofPlatform().name("updraft-worker-recorder-" + name()).start(outcomes::run);
    loop = Thread.ofPlatform().name("updraft-worker-" + name()).start(this::takeWork);
    LOG.info(
        "Worker {} takes tasks from {} with {} slots", name(), settings.queues(), settings.slots());
  }

  /**
   * Whether to ask the queue for work: not while the database is away (it could not be claimed, nor
   * recorded) nor while the outcomes it holds are at their cap.
   */
  private boolean mayReserve() {
    return database.reachable()
        && outcomes.heldOutcomes() < settings.heldOutcomesMax()
        && outcomes.heldLogChars() < settings.heldLogBytesMax();
  }

  private void takeWork() {
    while (running) {
      int capacity;
      try {
        capacity = slots.reserveAllFree();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!running) {
        slots.endReserving(0);
        return;
      }
      if (!mayReserve()) {
        slots.endReserving(0);
        pause(Duration.ofMillis(200));
        continue;
      }
      List<Delivery> batch;
      try {
        batch = queue.reserve(name(), settings.queues(), capacity, POLL_BLOCK);
      } catch (RuntimeException e) {
        // Redis down or a transient error: wait a little rather than spin, then try again.
        slots.endReserving(0);
        LOG.warn("Worker {} cannot take work: {}", name(), e.toString());
        pause();
        continue;
      }
      slots.endReserving(batch.size());
      if (!batch.isEmpty()) {
        start(batch);
      }
    }
  }

  /** Claims a batch in one transaction and runs each claimed try on a task thread. */
  private void start(List<Delivery> batch) {
    TaskClaims.Claims claims;
    try {
      claims = runner.claims().claim(batch);
    } catch (RuntimeException e) {
      // Not acked: the messages are delivered again, and the fences decide what happens.
      LOG.error("Worker {} cannot claim {} task(s): {}", name(), batch.size(), e.toString());
      slots.giveBack(batch.size());
      pause();
      return;
    }
    if (!claims.stale().isEmpty()) {
      try {
        queue.ackAll(claims.stale());
      } catch (RuntimeException e) {
        LOG.warn("Worker {} cannot ack stale messages: {}", name(), e.toString());
      } finally {
        slots.giveBack(claims.stale().size());
      }
    }
    claims.claimed().forEach(this::execute);
    runner.started(claims.claimed());
  }

  /**
   * Runs a claimed try on a task thread; its slot is freed once its outcome is recorded, which a
   * timeout makes happen even while the thread runs on.
   */
  private void execute(TaskClaims.Claim claim) {
    slots.startRunning();
    try {
      executor.execute(() -> run(claim));
    } catch (RejectedExecutionException e) {
      // Stopping: the claim stays running without heartbeats, and the scheduler retries it.
      LOG.warn(
          "Worker {} is stopping and does not start task instance {}", name(), claim.ti().id());
      slots.abandonRunning();
    }
  }

  private void run(TaskClaims.Claim claim) {
    try {
      runner.execute(
          claim,
          done -> {
            outcomes.add(done);
            slots.finishRunning();
          });
    } catch (RuntimeException | Error e) {
      LOG.error(
          "Worker {} failed to run task instance {} try {}",
          name(),
          claim.ti().id(),
          claim.tryNumber(),
          e);
      slots.abandonRunning();
    }
  }

  private static void pause() {
    pause(Duration.ofSeconds(1));
  }

  /** False when interrupted. */
  private static boolean pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Tasks running right now (not those waiting for their outcome to be recorded). */
  public int running() {
    return slots.running();
  }

  /**
   * Slots free for new work: those not running a task nor waiting for its outcome to be recorded
   * (the loop's hold on free slots while it asks the queue does not count).
   */
  public int freeSlots() {
    return slots.free();
  }

  /** Finished tries whose outcome waits for the database. */
  public int heldOutcomes() {
    return outcomes.heldOutcomes();
  }

  /** Tasks it runs at once at most. */
  public int slots() {
    return settings.slots();
  }

  /** When its last heartbeat reached the database; empty before the first. */
  public Optional<Instant> lastHeartbeat() {
    return heartbeat.lastBeat();
  }

  /**
   * Stops taking work and waits up to the grace period for running tries; then interrupts them and
   * puts them up for retry. Nothing this worker ran is left {@code running}.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    handOvers.close();
    if (loop != null) {
      loop.interrupt(); // it may wait for a free slot
      join(loop, POLL_BLOCK.multipliedBy(4));
    }
    executor.shutdown();
    if (!slots.awaitNoneRunning(settings.shutdownGrace())) {
      LOG.warn(
          "Worker {}: {} task(s) still running after {}; interrupting them",
          name(),
          runningTasks.size(),
          settings.shutdownGrace());
      runningTasks.all().forEach(e -> e.stop(RunningTasks.StopReason.SHUTDOWN));
      if (!slots.awaitNoneRunning(INTERRUPT_GRACE)) {
        runningTasks.all().forEach(runner::abandon);
        executor.shutdownNow();
      }
    }
    outcomes.stop();
    if (recorder != null) {
      join(recorder, INTERRUPT_GRACE);
    }
    database.stop();
    try {
      heartbeat.forget();
    } catch (RuntimeException e) {
      LOG.warn("Worker {} could not remove its row: {}", name(), e.toString());
    }
    LOG.info("Worker {} stopped", name());
  }

  private static void join(Thread thread, Duration timeout) {
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
