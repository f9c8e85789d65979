package io.updraft.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the same 10,000 no-op tasks through Celery 5 with the Redis broker (Debian's {@code
 * python3-celery}, prefork, 2 processes) and prints the ratio. Skipped, saying so, when Celery is
 * not installed.
 */
final class CeleryComparison {
  private static final String PYTHON = "/usr/bin/python3";

  private CeleryComparison() {}

  static void run(double updraftTasksPerSecond) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("updraft-celery-bench");
    for (String name : new String[] {"celery_bench.py", "celery_bench_tasks.py"}) {
      try (InputStream in = CeleryComparison.class.getResourceAsStream("/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    Process check =
        new ProcessBuilder(PYTHON, "-c", "import celery, redis").redirectErrorStream(true).start();
    if (check.waitFor() != 0) {
      System.out.println("Celery: not run (" + PYTHON + " cannot import celery and redis)");
      return;
    }
    Process bench =
        new ProcessBuilder(PYTHON, dir.resolve("celery_bench.py").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (bench.waitFor() != 0) {
      System.out.println("Celery: failed:\n" + out);
      return;
    }
    double celery = 0;
    for (String line : out.split("\n")) {
      if (line.startsWith("tasks_per_second=")) {
        celery = Double.parseDouble(line.substring("tasks_per_second=".length()).strip());
      }
    }
    System.out.printf(
        "%-40s %7.0f tasks/s (Redis broker, prefork, 2 processes, no result backend)%n",
        "Celery 5, 10,000 no-op tasks", celery);
    System.out.printf(
        "Updraft / Celery (10,000 independent tasks): %.2fx%n", updraftTasksPerSecond / celery);
  }
}
