package io.updraft.worker;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskRole;
import io.updraft.core.hook.ConnectionLookup;
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
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    DagTestTries tries = new DagTestTries(secrets, hooks, out, clock, xcomMaxBytes);
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
          results.put(task.id(), DagTestTries.notRun(task.id(), decided));
          out.println("[" + task.id() + "] " + decided.name().toLowerCase() + " (trigger rule)");
          continue;
        }
        DagTestResult.TaskResult result = tries.run(dag, task, run, xcoms);
        states.put(task.id(), result.state());
        results.put(task.id(), result);
        if (result.state() == TaskState.SUCCESS && onlyTask == null) {
          skipUnchosen(dag, task, xcoms, states, results);
        }
      }
    }
    // Cannot happen in a valid (acyclic) DAG; said rather than left out of the summary.
    for (Task task : pending) {
      results.put(task.id(), DagTestTries.notRun(task.id(), TaskState.NONE));
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
        results.put(id, DagTestTries.notRun(id, TaskState.SKIPPED));
        out.println("[" + id + "] skipped (not chosen by " + task.id() + ")");
      }
    }
  }
}
