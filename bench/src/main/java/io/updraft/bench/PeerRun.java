package io.updraft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a peer's benchmark ({@code bench/peers/}) as a process of its own and reads the one JSON
 * object it prints. A peer that cannot run is reported with the reason, not as a failure of the
 * whole comparison.
 */
final class PeerRun {
  static final String PYTHON = "/usr/bin/python3";
  static final Path CELERY_SCRIPT = Path.of("bench/peers/celery_bench.py");
  static final Path JOBRUNR_JAR = Path.of("bench/peers/jobrunr/target/jobrunr-bench.jar");

  private PeerRun() {}

  /** A peer's figures, or why there are none. */
  record Outcome(String name, Result result, String missing) {
    static Outcome missing(String name, String why) {
      return new Outcome(name, null, why);
    }
  }

  /** Throughput in tasks/s, latencies in ms, peak resident memory of the worker in MB. */
  record Result(
      String description,
      double tasksPerSecond,
      double chainP50,
      double chainP99,
      int chainGaps,
      double triggerP50,
      int triggers,
      double workerRssMb,
      int workerProcesses) {}

  /** Celery 5 with the Redis broker, on a Redis database of its own (it empties it). */
  static Outcome celery(BenchSettings s, int tasks, int chain, int triggers)
      throws IOException, InterruptedException {
    if (!Files.exists(CELERY_SCRIPT)) {
      return Outcome.missing("Celery", CELERY_SCRIPT + " not found; run from the repository root");
    }
    Process check =
        new ProcessBuilder(PYTHON, "-c", "import celery, redis").redirectErrorStream(true).start();
    check.getInputStream().readAllBytes();
    if (check.waitFor() != 0) {
      return Outcome.missing(
          "Celery",
          PYTHON + " cannot import celery and redis: apt-get install python3-celery python3-redis");
    }
    List<String> command =
        List.of(
            PYTHON,
            CELERY_SCRIPT.toString(),
            "--tasks",
            Integer.toString(tasks),
            "--chain",
            Integer.toString(chain),
            "--triggers",
            Integer.toString(triggers));
    return run("Celery", command, Map.of("CELERY_BENCH_REDIS", s.redisUrlOf(15)));
  }

  /**
   * JobRunr OSS with PostgreSQL storage, in a database of its own: ours, suffixed {@code _jobrunr}.
   */
  static Outcome jobrunr(BenchSettings s, int tasks, int chain, int triggers)
      throws IOException, InterruptedException {
    if (!Files.exists(JOBRUNR_JAR)) {
      return Outcome.missing(
          "JobRunr", JOBRUNR_JAR + " not built: ./mvnw -q -f bench/peers/jobrunr/pom.xml package");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ThroughputRun.PEER_JVM_OPTIONS);
    command.add("-Dbench.url=" + s.jdbcUrlOf(s.databaseName() + "_jobrunr"));
    command.add("-Dbench.user=" + s.user());
    if (s.password() != null) {
      command.add("-Dbench.password=" + s.password());
    }
    command.addAll(
        List.of(
            "-jar",
            JOBRUNR_JAR.toString(),
            Integer.toString(tasks),
            Integer.toString(chain),
            Integer.toString(triggers)));
    return run("JobRunr", command, Map.of());
  }

  private static Outcome run(String name, List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    String json = null;
    for (String line : out.split("\n")) {
      if (line.startsWith("{")) {
        json = line;
      }
    }
    if (code != 0 || json == null) {
      String tail = out.length() > 2000 ? out.substring(out.length() - 2000) : out;
      return Outcome.missing(name, "its benchmark failed (exit " + code + "):\n" + tail);
    }
    JsonNode n = new ObjectMapper().readTree(json);
    return new Outcome(
        name,
        new Result(
            n.path("peer").asText(name),
            n.path("throughput_tasks_per_s").asDouble(),
            n.path("chain_handoff_p50_ms").asDouble(),
            n.path("chain_handoff_p99_ms").asDouble(),
            n.path("chain_gaps").asInt(),
            n.path("trigger_to_start_p50_ms").asDouble(),
            n.path("triggers").asInt(),
            n.path("worker_rss_mb").asDouble(),
            n.path("worker_processes").asInt(1)),
        null);
  }
}
