package io.updraft.bench.jmh;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.plan.RunPlan;
import io.updraft.core.plan.RunPlanner;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One pass of the pure planner over a 10,000-task run, as the scheduler makes after each batch of
 * finished tasks: 100 chains of 100 tasks with the first half of each chain done, and 10,000
 * independent tasks none of which has run yet (the first pass of the throughput benchmark's run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(Defaults.FORKS)
@Warmup(iterations = Defaults.WARMUP_ITERATIONS, time = Defaults.SECONDS)
@Measurement(iterations = Defaults.MEASUREMENT_ITERATIONS, time = Defaults.SECONDS)
public class PlannerBenchmark {
  private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private DagStructure chains;
  private List<TaskInstance> chainsHalfDone;
  private DagStructure wide;
  private List<TaskInstance> wideFresh;

  @Setup
  public void setUp() {
    Dag.Builder chainsDag = Dag.builder("bench_chains");
    chainsHalfDone = new ArrayList<>();
    for (int c = 0; c < 100; c++) {
      for (int t = 0; t < 100; t++) {
        String taskId = "c" + c + "_t" + t;
        Task task = Task.java(taskId, ctx -> null);
        chainsDag.task(t == 0 ? task : task.after("c" + c + "_t" + (t - 1)));
        chainsHalfDone.add(instance("bench_chains", chainsHalfDone.size() + 1, taskId, t < 50));
      }
    }
    chains = chainsDag.build().structure();

    Dag.Builder wideDag = Dag.builder("bench_wide");
    wideFresh = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      String taskId = "noop_" + i;
      wideDag.task(Task.java(taskId, ctx -> null));
      wideFresh.add(instance("bench_wide", i + 1, taskId, false));
    }
    wide = wideDag.build().structure();
  }

  private static TaskInstance instance(String dagId, long id, String taskId, boolean done) {
    return TaskInstance.builder(id, taskId)
        .dagRunId(1)
        .dagId(dagId)
        .runId("manual__bench")
        .state(done ? TaskState.SUCCESS : TaskState.NONE)
        .tryNumber(done ? 1 : 0)
        .queue("default")
        .pool("default_pool")
        .build();
  }

  @Benchmark
  public RunPlan chains_of_100_half_done() {
    return RunPlanner.plan(chains, chainsHalfDone, now);
  }

  @Benchmark
  public RunPlan wide_10000_none_started() {
    return RunPlanner.plan(wide, wideFresh, now);
  }
}
