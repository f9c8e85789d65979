package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.connection.PercentEncoding;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.json.Json;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.secrets.EnvironmentSecretsBackend;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.ProcessTable;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Isolated Java tasks run in child JVMs that fail only their own try; see {@link IsolatedDags}. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class IsolatedJavaTaskTest {
  private static final String PASSWORD = "iso-p@ss-31415";
  private static final String API_KEY = "iso-key-27182";

  private WorkerFixture fx;

  @BeforeEach
  void open() {
    fx = new WorkerFixture();
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void the_childs_return_value_and_pushes_become_xcoms_and_its_output_is_logged_masked() {
    startWorker(4, IsolatedDags.VALUES);

    DagRun run = fx.trigger(IsolatedDags.VALUES);

    await().atMost(Duration.ofSeconds(60)).until(() -> fx.task(run, "check").state().isTerminal());
    assertThat(fx.task(run, "answer").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.task(run, "check").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(xcom(run, "answer", "return_value"))
        .isEqualTo(Map.of("host", "db.example.com", "total", 7));
    assertThat(xcom(run, "answer", "rows")).isEqualTo(42);
    assertThat(xcom(run, "check", "return_value")).isEqualTo(42);
    String log = fx.log(run, "answer", 1);
    assertThat(log)
        .contains("password ***")
        .contains("key ***")
        .contains("run " + run.runId() + " try 1")
        .doesNotContain(PASSWORD)
        .doesNotContain(API_KEY);
  }

  @Test
  void exit_out_of_memory_and_a_loop_past_its_timeout_fail_only_their_try() {
    Dag chain = chain(8);
    startWorker(6, IsolatedDags.EXIT, IsolatedDags.OOM, IsolatedDags.BUSY, chain);

    DagRun exit = fx.trigger(IsolatedDags.EXIT);
    DagRun oom = fx.trigger(IsolatedDags.OOM);
    DagRun busy = fx.trigger(IsolatedDags.BUSY);
    await().atMost(Duration.ofSeconds(30)).until(() -> spinningPid(busy) > 0);
    long started = System.nanoTime();
    DagRun ordinary = fx.trigger(chain);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fx.task(ordinary, "step_8").state() == TaskState.SUCCESS);
    System.out.printf(
        "In-process chain of 8 tasks beside isolated tries: %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
    List<Long> hops = hops(ordinary, 8);
    System.out.printf("Its hops (one task's start to the next one's), ms: %s%n", hops);
    // Generous: a hop is tens of milliseconds here; a worker starved by its children takes seconds.
    assertThat(hops).allMatch(ms -> ms < 5_000);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                List.of(fx.task(exit, "quit"), fx.task(oom, "hog"), fx.task(busy, "spin")).stream()
                    .allMatch(ti -> ti.state() == TaskState.FAILED));
    assertThat(fx.log(exit, "quit", 1)).contains("the isolated JVM exited with status 3");
    assertThat(fx.log(oom, "hog", 1)).contains("ran out of memory in its isolated JVM (-Xmx64m)");
    assertThat(fx.log(busy, "spin", 1)).contains("timed out").contains("isolated JVM was killed");
    long pid = spinningPid(busy);
    await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessTable.isAlive(pid));
  }

  @Test
  void a_worker_that_isolates_java_tasks_runs_each_in_a_child_jvm_unless_the_task_opted_out() {
    startWorker(
        fx.settings("isolating", 2, Duration.ofSeconds(5)).toBuilder()
            .isolateJavaTasks(true)
            .build(),
        IsolatedDags.WHERE);

    DagRun run = fx.trigger(IsolatedDags.WHERE);

    awaitSucceeded(run, "plain", "stays");
    long worker = ProcessHandle.current().pid();
    assertThat(pidOf(run, "plain")).isNotEqualTo(worker);
    assertThat(pidOf(run, "stays")).isEqualTo(worker);
  }

  @Test
  void a_worker_that_does_not_isolate_runs_plain_java_tasks_in_its_own_jvm() {
    startWorker(2, IsolatedDags.WHERE);

    DagRun run = fx.trigger(IsolatedDags.WHERE);

    awaitSucceeded(run, "plain", "stays");
    long worker = ProcessHandle.current().pid();
    assertThat(pidOf(run, "plain")).isEqualTo(worker);
    assertThat(pidOf(run, "stays")).isEqualTo(worker);
  }

  @Test
  void a_dag_that_isolates_its_java_tasks_does_so_on_any_worker_but_for_the_task_that_opted_out() {
    startWorker(2, IsolatedDags.DAG_WIDE);

    DagRun run = fx.trigger(IsolatedDags.DAG_WIDE);

    awaitSucceeded(run, "plain", "stays");
    long worker = ProcessHandle.current().pid();
    assertThat(pidOf(run, "plain")).isNotEqualTo(worker);
    assertThat(pidOf(run, "stays")).isEqualTo(worker);
  }

  @Test
  void an_isolated_no_op_try_costs_one_jvm_start() {
    startWorker(2, IsolatedDags.NO_OP);
    int runs = 5;
    long isolated = 0;
    long inProcess = 0;
    for (int i = 0; i < runs; i++) {
      DagRun run = fx.trigger(IsolatedDags.NO_OP);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> fx.task(run, "in_process").state() == TaskState.SUCCESS);
      isolated += millis(fx.task(run, "isolated"));
      inProcess += millis(fx.task(run, "in_process"));
    }
    System.out.printf(
        "No-op try, mean of %d: isolated %d ms, in process %d ms%n",
        runs, isolated / runs, inProcess / runs);
    assertThat(isolated).isGreaterThan(inProcess);
  }

  private void startWorker(int slots, Dag... dags) {
    startWorker(fx.settings("isolated", slots, Duration.ofSeconds(5)), dags);
  }

  private void startWorker(WorkerSettings settings, Dag... dags) {
    String sales =
        "postgres://etl:" + PercentEncoding.quote(PASSWORD) + "@db.example.com:5432/sales";
    SecretsChain secrets =
        new SecretsChain(
            List.of(
                new EnvironmentSecretsBackend(
                    Map.of("UPDRAFT_CONN_SALES_DB", sales, "UPDRAFT_VAR_API_KEY", API_KEY))),
            Duration.ofSeconds(60),
            fx.clock,
            SecretsAudit.none(),
            new SecretMasker());
    fx.startWorker(settings, MetricsRecorder.NONE, secrets, dags);
  }

  private void awaitSucceeded(DagRun run, String... taskIds) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> List.of(taskIds).stream().allMatch(t -> fx.task(run, t).state().isTerminal()));
    for (String taskId : taskIds) {
      assertThat(fx.task(run, taskId).state())
          .as(fx.log(run, taskId, 1))
          .isEqualTo(TaskState.SUCCESS);
    }
  }

  private long pidOf(DagRun run, String taskId) {
    return ((Number) xcom(run, taskId, "return_value")).longValue();
  }

  private Object xcom(DagRun run, String taskId, String key) {
    return Json.read(fx.xcoms.get(run.id(), taskId, key).orElseThrow(), Object.class);
  }

  private static Dag chain(int length) {
    Dag.Builder dag = Dag.builder("in_process_chain").defaultRetries(0);
    for (int i = 1; i <= length; i++) {
      Task step = Task.java("step_" + i, ctx -> ctx.taskId());
      dag.task(i == 1 ? step : step.after("step_" + (i - 1)));
    }
    return dag.build();
  }

  /** From each step's start to the next step's, in milliseconds. */
  private List<Long> hops(DagRun run, int length) {
    List<Long> hops = new java.util.ArrayList<>();
    for (int i = 2; i <= length; i++) {
      TaskInstance before = fx.task(run, "step_" + (i - 1));
      TaskInstance after = fx.task(run, "step_" + i);
      hops.add(Duration.between(before.startDate(), after.startDate()).toMillis());
    }
    return hops;
  }

  /** The pid the busy task printed, once its log has it; 0 before. */
  private long spinningPid(DagRun run) {
    Matcher pid = Pattern.compile("pid (\\d+)").matcher(fx.log(run, "spin", 1));
    return pid.find() ? Long.parseLong(pid.group(1)) : 0;
  }

  private static long millis(TaskInstance ti) {
    return Duration.between(ti.startDate(), ti.endDate()).toMillis();
  }
}
