package io.updraft.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code updraft bench-latency} (a chain of no-op tasks through one scheduler and one worker,
 * every state change committed) in a JVM of its own, on the benchmark's database and Redis, and
 * reads its figures.
 */
final class LatencyRun {
  private static final Pattern GAPS =
      Pattern.compile("next task start: p50 ([0-9.]+) ms, p99 ([0-9.]+) ms.*\\((\\d+) gaps\\)");
  private static final Pattern FIRST = Pattern.compile("first task start: +p50 ([0-9.]+) ms");

  private LatencyRun() {}

  /** Task-to-task p50 and p99 over {@code gaps} gaps, trigger to first task p50; milliseconds. */
  record Result(double p50, double p99, int gaps, double triggerP50, int runs) {}

  static Result run(BenchSettings settings, int chain, int runs, int warmup)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ThroughputRun.JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.updraft.cli.Main");
    command.addAll(
        List.of(
            "bench-latency",
            "--tasks",
            Integer.toString(chain),
            "--runs",
            Integer.toString(runs),
            "--warmup",
            Integer.toString(warmup)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(settings.asEnv());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("updraft bench-latency failed:\n" + out);
    }
    Matcher gaps = GAPS.matcher(out);
    Matcher first = FIRST.matcher(out);
    if (!gaps.find() || !first.find()) {
      throw new IllegalStateException("Unexpected output of updraft bench-latency:\n" + out);
    }
    return new Result(
        Double.parseDouble(gaps.group(1)),
        Double.parseDouble(gaps.group(2)),
        Integer.parseInt(gaps.group(3)),
        Double.parseDouble(first.group(1)),
        runs);
  }
}
