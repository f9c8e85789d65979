package io.updraft.worker;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskCallback;
import io.updraft.core.dag.TaskCallbacks;
import io.updraft.core.dag.TaskMapping;
import io.updraft.core.dag.TaskRole;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.json.Json;
import io.updraft.core.plan.TriggerRules;
import io.updraft.core.plan.UpstreamStates;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.ManualTrigger;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.EnvironmentSecretsBackend;
import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.core.task.TaskRescheduleException;
import io.updraft.core.task.TaskSkippedException;
import io.updraft.core.template.TemplateRenderer;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one whole run of a DAG (or one task of it) in this process, without a scheduler, worker,
 * database or queue: for a DAG's unit tests and {@code updraft dags test}. Tasks run one at a time
 * in dependency order under their trigger rules; a branch or short circuit skips what it did not
 * choose; conf is checked as a manual trigger checks it; each try gets the worker's task context
 * (templates, XCom with its size limit, secrets, hooks). XCom is kept in memory.
 *
 * <p>A failed try is retried at once: the retry delay is said in the log but not waited, so a test
 * does not sleep through minutes of back-off. A rescheduled sensor is run again when its date has
 * passed.
 *
 * <pre>{@code
 * DagTestResult result = DagTestRunner.run(MyDags.sales(), Map.of("table", "orders"));
 * assertThat(result.state("load")).isEqualTo(TaskState.SUCCESS);
 * assertThat(result.xcom("extract")).isEqualTo(42);
 * }</pre>
 */
public final class DagTestRunner {
  /** The worker's default worker.xcom_max_bytes, so a value too large to run is too large here. */
  private static final int DEFAULT_XCOM_MAX_BYTES = 48 * 1024;

  private final SecretsChain secrets;
  private final Hooks hooks;
  private final PrintStream out;
  private final Clock clock;
  private int xcomMaxBytes = DEFAULT_XCOM_MAX_BYTES;

  /**
   * @param secrets where connections and variables come from
   * @param hooks the hooks tasks open, or null for none
   * @param out where task logs go
   */
  public DagTestRunner(SecretsChain secrets, Hooks hooks, PrintStream out, Clock clock) {
    this.secrets = secrets;
    this.hooks = hooks;
    this.out = out;
    this.clock = clock;
  }

  /**
   * A runner reading connections and variables from this process's environment ({@code
   * UPDRAFT_CONN_*}, {@code UPDRAFT_VAR_*}), logging to standard output. Its hooks' pools stay open
   * while the process lives; {@link #run} closes its own.
   */
  public static DagTestRunner fromEnvironment() {
    SecretsChain chain = environmentChain();
    return new DagTestRunner(chain, environmentHooks(chain), System.out, Clock.systemUTC());
  }

  /** One whole run of {@code dag} with {@code conf}, its logical date now. */
  public static DagTestResult run(Dag dag, Map<String, Object> conf) {
    SecretsChain chain = environmentChain();
    try (Hooks hooks = environmentHooks(chain)) {
      return new DagTestRunner(chain, hooks, System.out, Clock.systemUTC()).runDag(dag, null, conf);
    }
  }

  private static SecretsChain environmentChain() {
    return new SecretsChain(
        List.of(new EnvironmentSecretsBackend(System.getenv())),
        Duration.ZERO,
        Clock.systemUTC(),
        SecretsAudit.log(),
        new SecretMasker());
  }

  private static Hooks environmentHooks(SecretsChain chain) {
    return Hooks.load(
        ConnectionLookup.secrets(chain, Requester.component("dag test")),
        Thread.currentThread().getContextClassLoader());
  }

  /** The XCom size limit, worker.xcom_max_bytes of the configuration the DAG will run under. */
  public DagTestRunner withXComMaxBytes(int maxBytes) {
    this.xcomMaxBytes = maxBytes;
    return this;
  }

  /** Where this runner's tasks read connections and variables. */
  public SecretsChain secrets() {
    return secrets;
  }

  /**
   * One whole run.
   *
   * @param logicalDate null for now
   * @throws io.updraft.core.input.InvalidInputException when the conf does not fit the DAG's params
   */
  public DagTestResult runDag(Dag dag, Instant logicalDate, Map<String, Object> conf) {
    return runTasks(dag, logicalDate, conf, null);
  }

  /** One task alone, whatever its upstream tasks: their XCom pulls come back empty. */
  public DagTestResult runTask(
      Dag dag, String taskId, Instant logicalDate, Map<String, Object> conf) {
    if (dag.task(taskId).isEmpty()) {
      throw new IllegalArgumentException(
          "DAG '"
              + dag.id()
              + "' has no task '"
              + taskId
              + "'; its tasks are "
              + dag.tasks().stream().map(Task::id).toList());
    }
    return runTasks(dag, logicalDate, conf, taskId);
  }

  private DagTestResult runTasks(
      Dag dag, Instant logicalDate, Map<String, Object> conf, String onlyTask) {
    NewDagRun asked =
        ManualTrigger.request(dag.structure(), null, logicalDate, conf, clock.instant());
    DagRun run =
        new DagRun(
            0,
            dag.id(),
            asked.runId(),
            asked.runType(),
            RunState.RUNNING,
            asked.logicalDate(),
            asked.dataIntervalStart(),
            asked.dataIntervalEnd(),
            asked.conf(),
            dag.structure().versionHash(),
            clock.instant(),
            clock.instant(),
            null);
    InMemoryXComStore xcoms = new InMemoryXComStore();
    out.println("Testing DAG " + dag.id() + ", run " + run.runId());
    Map<String, TaskState> states = new LinkedHashMap<>();
    Map<String, DagTestResult.TaskResult> results = new LinkedHashMap<>();
    List<Task> pending = new ArrayList<>();
    for (Task task : dag.tasks()) {
      if (onlyTask == null || task.id().equals(onlyTask)) {
        pending.add(task);
      }
    }
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (Task task : List.copyOf(pending)) {
        if (states.containsKey(task.id())) {
          pending.remove(task);
          progress = true;
          continue;
        }
        TaskState decided =
            onlyTask != null ? TaskState.QUEUED : decide(dag, task, states).orElse(null);
        if (decided == null) {
          continue;
        }
        pending.remove(task);
        progress = true;
        if (decided != TaskState.QUEUED) {
          states.put(task.id(), decided);
          results.put(task.id(), notRun(task.id(), decided));
          out.println("[" + task.id() + "] " + decided.name().toLowerCase() + " (trigger rule)");
          continue;
        }
        DagTestResult.TaskResult result = runTask(dag, task, run, xcoms);
        states.put(task.id(), result.state());
        results.put(task.id(), result);
        if (result.state() == TaskState.SUCCESS && onlyTask == null) {
          skipUnchosen(dag, task, xcoms, states, results);
        }
      }
    }
    // Cannot happen in a valid (acyclic) DAG; said rather than left out of the summary.
    for (Task task : pending) {
      results.put(task.id(), notRun(task.id(), TaskState.NONE));
    }
    return new DagTestResult(
        dag.id(),
        List.copyOf(results.values()),
        dag.tasks().stream()
            .filter(t -> t.role() == TaskRole.TEARDOWN)
            .map(Task::id)
            .collect(java.util.stream.Collectors.toSet()));
  }

  private static Optional<TaskState> decide(Dag dag, Task task, Map<String, TaskState> states) {
    List<TaskState> upstream = new ArrayList<>();
    List<TaskState> setups = new ArrayList<>();
    for (String up : task.upstream()) {
      TaskState state = states.getOrDefault(up, TaskState.NONE);
      upstream.add(state);
      if (dag.task(up).map(t -> t.role() == TaskRole.SETUP).orElse(false)) {
        setups.add(state);
      }
    }
    return TriggerRules.decide(
        task.triggerRule(), UpstreamStates.of(upstream), UpstreamStates.of(setups));
  }

  private static DagTestResult.TaskResult notRun(String taskId, TaskState state) {
    return new DagTestResult.TaskResult(taskId, state, 0, Duration.ZERO, Map.of());
  }

  /** A branch skips the direct downstream tasks it did not choose; a false short circuit all. */
  private void skipUnchosen(
      Dag dag,
      Task task,
      InMemoryXComStore xcoms,
      Map<String, TaskState> states,
      Map<String, DagTestResult.TaskResult> results) {
    Object returned =
        xcoms
            .get(0, task.id(), XComStore.RETURN_VALUE)
            .map(json -> Json.read(json, Object.class))
            .orElse(null);
    List<String> skip = UnchosenTasks.of(dag, task, returned);
    for (String id : skip) {
      if (!states.containsKey(id)) {
        states.put(id, TaskState.SKIPPED);
        results.put(id, notRun(id, TaskState.SKIPPED));
        out.println("[" + id + "] skipped (not chosen by " + task.id() + ")");
      }
    }
  }

  /**
   * Runs the task, or each instance of a mapped task in turn: the task then failed when one
   * instance failed, was skipped when all were (or there were no values), else succeeded.
   */
  private DagTestResult.TaskResult runTask(
      Dag dag, Task task, DagRun run, InMemoryXComStore xcoms) {
    long started = System.nanoTime();
    if (task.mapping() == null) {
      InstanceEnd end = runInstance(dag, task, run, xcoms, -1);
      return new DagTestResult.TaskResult(
          task.id(),
          end.state(),
          end.tries(),
          Duration.ofNanos(System.nanoTime() - started),
          xcoms.of(task.id()));
    }
    int count;
    try {
      count =
          task.mapping()
              .valuesIn(
                  taskId -> xcoms.get(0, taskId, XComStore.RETURN_VALUE),
                  taskId -> dag.task(taskId).map(t -> t.mapping() != null).orElse(false))
              .size();
    } catch (IllegalArgumentException notAList) {
      line(task, notAList.getMessage());
      return notRun(task.id(), TaskState.FAILED);
    }
    if (count > TaskMapping.DEFAULT_MAX_LENGTH) {
      line(task, count + " values, over the limit of " + TaskMapping.DEFAULT_MAX_LENGTH);
      return notRun(task.id(), TaskState.FAILED);
    }
    line(task, "Mapped over " + count + " values");
    Set<TaskState> states = EnumSet.noneOf(TaskState.class);
    int mostTries = 0;
    for (int index = 0; index < count; index++) {
      InstanceEnd end = runInstance(dag, task, run, xcoms, index);
      mostTries = Math.max(mostTries, end.tries());
      states.add(end.state());
    }
    TaskState state =
        states.contains(TaskState.FAILED)
            ? TaskState.FAILED
            : states.stream().allMatch(s -> s == TaskState.SKIPPED)
                ? TaskState.SKIPPED
                : TaskState.SUCCESS;
    return new DagTestResult.TaskResult(
        task.id(),
        state,
        mostTries,
        Duration.ofNanos(System.nanoTime() - started),
        xcoms.of(task.id()));
  }

  /** How one instance ended, after how many tries. */
  private record InstanceEnd(int tries, TaskState state) {}

  /** The tries of one instance until it ends. */
  private InstanceEnd runInstance(
      Dag dag, Task task, DagRun run, InMemoryXComStore xcoms, int mapIndex) {
    int maxTries = dag.retriesOf(task) + 1;
    int tryNumber = 1;
    TaskState state;
    while (true) {
      TaskState outcome = runTry(dag, task, run, xcoms, tryNumber, mapIndex);
      if (outcome == TaskState.UP_FOR_RESCHEDULE) {
        continue;
      }
      if (outcome == TaskState.FAILED && tryNumber < maxTries) {
        Duration delay = dag.retryPolicyOf(task).delayAfter(tryNumber, 0.5);
        line(
            task,
            "Up for retry (try "
                + (tryNumber + 1)
                + " of "
                + maxTries
                + "); its retry delay of "
                + delay
                + " is not waited in a test run");
        tryNumber++;
        continue;
      }
      state = outcome;
      break;
    }
    return new InstanceEnd(tryNumber, state);
  }

  /** One try, on a thread of its own so that its execution timeout can end it. */
  private TaskState runTry(
      Dag dag, Task task, DagRun run, InMemoryXComStore xcoms, int tryNumber, int mapIndex) {
    line(
        task,
        "Running try "
            + tryNumber
            + (mapIndex < 0 ? "" : " of map index " + mapIndex)
            + " ("
            + task.operator().kind()
            + ")");
    XComWriter writer =
        new XComWriter(
            xcoms, xcomMaxBytes, secrets == null ? new SecretMasker() : secrets.masker());
    HookScope scope = hooks == null ? null : hooks.scope("task " + dag.id() + "." + task.id());
    WorkerTaskContext context =
        new WorkerTaskContext(
            run,
            task.id(),
            tryNumber,
            xcoms,
            writer,
            new TemplateRenderer(),
            text -> line(task, text),
            secrets,
            "dag-test");
    if (scope != null) {
      context.withHooks(scope);
    }
    context.mappedAs(mapIndex, task.mapping()).scheduledBy(dag);
    TaskCallbacks callbacks = dag.callbacksOf(task);
    try {
      TaskState state = outcomeOf(dag, task, run, writer, context, mapIndex, callbacks);
      TaskCallback after =
          switch (state) {
            case SUCCESS -> callbacks.onSuccess();
            case FAILED ->
                tryNumber < dag.retriesOf(task) + 1 ? callbacks.onRetry() : callbacks.onFailure();
            default -> null;
          };
      if (after != null) {
        callBack(task, context, after);
      }
      return state;
    } finally {
      if (scope != null) {
        scope.close();
      }
    }
  }

  /** A callback in a test run: its failure is printed and changes nothing, as on a worker. */
  private void callBack(Task task, WorkerTaskContext context, TaskCallback callback) {
    line(task, "Running a callback");
    try {
      callback.call(context);
    } catch (Exception | LinkageError | AssertionError e) {
      line(task, "The callback failed; the task's state stays: " + stackTrace(e));
    }
  }

  private TaskState outcomeOf(
      Dag dag,
      Task task,
      DagRun run,
      XComWriter writer,
      WorkerTaskContext context,
      int mapIndex,
      TaskCallbacks callbacks) {
    long started = System.nanoTime();
    FutureTask<Object> execution =
        new FutureTask<>(
            () -> {
              if (callbacks.onExecute() != null) {
                callBack(task, context, callbacks.onExecute());
              }
              return task.operator().execute(context);
            });
    Thread thread = Thread.ofVirtual().name("updraft-test-" + task.id()).start(execution);
    try {
      Object result =
          task.executionTimeout() == null
              ? execution.get()
              : execution.get(task.executionTimeout().toNanos(), TimeUnit.NANOSECONDS);
      if (result != null) {
        writer.put(run.id(), dag.id(), task.id(), mapIndex, XComStore.RETURN_VALUE, result);
      }
      line(task, "Task succeeded in " + millisSince(started) + " ms");
      return TaskState.SUCCESS;
    } catch (TimeoutException e) {
      thread.interrupt();
      line(
          task,
          "Task timed out: it ran longer than its execution timeout of " + task.executionTimeout());
      return TaskState.FAILED;
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
      line(task, "Test run interrupted");
      return TaskState.FAILED;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TaskSkippedException) {
        line(task, "Task skipped: " + cause.getMessage());
        return TaskState.SKIPPED;
      }
      if (cause instanceof TaskRescheduleException r) {
        line(task, "Task up for reschedule at " + r.rescheduleDate() + "; waiting for it");
        sleepUntil(r.rescheduleDate());
        return TaskState.UP_FOR_RESCHEDULE;
      }
      line(task, "Task failed after " + millisSince(started) + " ms: " + stackTrace(cause));
      return TaskState.FAILED;
    } catch (RuntimeException e) {
      // The return value could not be stored (too large, not JSON).
      line(task, "Task failed: " + stackTrace(e));
      return TaskState.FAILED;
    }
  }

  private void sleepUntil(Instant date) {
    long millis = Duration.between(clock.instant(), date).toMillis();
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void line(Task task, String text) {
    out.println("[" + task.id() + "] " + text);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String stackTrace(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
