package io.updraft.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Times pages and API calls of an {@code updraft api} process (a JVM of its own, as in production,
 * on the scale database) from this one, over localhost with a kept-alive connection. Each call's
 * server time is the {@code Server-Timing} header the API server sets (from the request's arrival
 * at Javalin to its handler's end); the client's time, which adds the transfer, is kept beside it.
 */
final class ScalePages implements AutoCloseable {
  private static final String USER = "scale-bench";
  private static final String PASSWORD = "scale-bench-password";

  /** How long one page is timed at most: a slow page is measured by fewer calls. */
  private static final Duration LIMIT = Duration.ofSeconds(45);

  private final Process process;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String authorization;

  /** One timed page: its label, p50 and p99 of server and client time (ms), and its size. */
  record Timing(
      String label,
      int calls,
      double serverP50,
      double serverP99,
      double clientP50,
      double clientP99,
      long bytes) {}

  private ScalePages(Process process, int port) {
    this.process = process;
    this.base = "http://127.0.0.1:" + port;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  /** Creates a viewer and starts the API server on a free port; waits until it answers. */
  static ScalePages start(BenchSettings settings) throws IOException, InterruptedException {
    Path password = Files.createTempFile("updraft-scale", ".txt");
    try {
      Files.writeString(password, PASSWORD + "\n");
      cli(settings, Map.of(), "users", "delete", USER).waitFor();
      Process create =
          cli(
              settings,
              Map.of(),
              "users",
              "create",
              "--username",
              USER,
              "--role",
              "viewer",
              "--password-file",
              password.toString());
      String out = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (create.waitFor() != 0) {
        throw new IllegalStateException("updraft users create failed:\n" + out);
      }
    } finally {
      Files.deleteIfExists(password);
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process api =
        cli(
            settings,
            Map.of("UPDRAFT_API__HOST", "127.0.0.1", "UPDRAFT_API__PORT", Integer.toString(port)),
            "api");
    ScalePages pages = new ScalePages(api, port);
    Instant deadline = Instant.now().plusSeconds(60);
    while (true) {
      try {
        // Any answer: without a scheduler running the health check says 503, and that is fine.
        pages.get("/api/v1/health");
        return pages;
      } catch (IOException e) {
        // Not listening yet.
      }
      if (!api.isAlive() || Instant.now().isAfter(deadline)) {
        pages.close();
        throw new IllegalStateException(
            "updraft api did not answer on port " + port + " within 60 s");
      }
      Thread.sleep(200);
    }
  }

  /** A page or API call to time; {@code path} gives the i-th call's path (DAGs and runs vary). */
  record Call(String label, IntFunction<String> path) {}

  /** The DAGs page's and the runs page's page size when the request names none. */
  static final int PAGE_SIZE = 25;

  /**
   * The pages and calls the issue names, under the scale DAGs and a sample of their runs; each
   * label says what one call reads and shows, out of how many.
   */
  static List<Call> calls(int dags, int runsPerDag, List<String[]> sampleRuns) {
    int gridRuns = Math.min(100, runsPerDag);
    String allDags = String.format(Locale.ROOT, "%,d DAGs", dags);
    String allRuns = String.format(Locale.ROOT, "%,d runs of history", dags * runsPerDag);
    return List.of(
        new Call("DAGs page `/`: its first page, " + PAGE_SIZE + " of " + allDags, i -> "/"),
        new Call(
            "DAG grid `/dags/{id}?runs="
                + gridRuns
                + "`: "
                + gridRuns
                + " runs × "
                + ScaleDags.TASKS
                + " tasks of one DAG, another each call",
            i -> "/dags/" + ScaleDags.id(i % dags) + "?runs=" + gridRuns),
        new Call(
            "runs page `/runs`: its first page, " + PAGE_SIZE + " of " + allRuns, i -> "/runs"),
        new Call(
            "DAGs API `/api/v1/dags?limit=100`: 100 of " + allDags, i -> "/api/v1/dags?limit=100"),
        new Call(
            "runs list API, all DAGs `/api/v1/dags/~/dagRuns?limit=100`: 100 of " + allRuns,
            i -> "/api/v1/dags/~/dagRuns?limit=100"),
        new Call(
            "runs list API, one DAG `/api/v1/dags/{id}/dagRuns?limit=100`: its "
                + Math.min(100, runsPerDag)
                + " runs",
            i -> "/api/v1/dags/" + ScaleDags.id(i % dags) + "/dagRuns?limit=100"),
        new Call(
            "task-instance list API `…/dagRuns/{run}/taskInstances`: a run's "
                + ScaleDags.TASKS
                + " task instances",
            i -> {
              String[] run = sampleRuns.get(i % sampleRuns.size());
              return "/api/v1/dags/"
                  + run[0]
                  + "/dagRuns/"
                  + URLEncoder.encode(run[1], StandardCharsets.UTF_8)
                  + "/taskInstances";
            }));
  }

  /**
   * Calls {@code path.apply(i)} {@code warmup} times unmeasured, then {@code calls} times, each for
   * {@link #LIMIT} at most; fails on any answer but 200.
   */
  Timing time(Call call, int warmup, int calls) throws IOException, InterruptedException {
    IntFunction<String> path = call.path();
    long warmupEnd = System.nanoTime() + LIMIT.toNanos() / 3;
    for (int i = 0; i < warmup && System.nanoTime() < warmupEnd; i++) {
      check(path.apply(i), get(path.apply(i)));
    }
    List<Double> server = new ArrayList<>();
    List<Double> client = new ArrayList<>();
    long bytes = 0;
    long end = System.nanoTime() + LIMIT.toNanos();
    for (int i = 0; i < calls && System.nanoTime() < end; i++) {
      String p = path.apply(warmup + i);
      long start = System.nanoTime();
      HttpResponse<byte[]> response = get(p);
      client.add((System.nanoTime() - start) / 1e6);
      check(p, response);
      server.add(ServerTiming.millis(response.headers().firstValue("Server-Timing").orElse("")));
      bytes = Math.max(bytes, response.body().length);
    }
    return new Timing(
        call.label(),
        server.size(),
        Percentiles.of(server, 50),
        Percentiles.of(server, 99),
        Percentiles.of(client, 50),
        Percentiles.of(client, 99),
        bytes);
  }

  private static void check(String path, HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET "
              + path
              + " answered "
              + response.statusCode()
              + ": "
              + new String(
                  response.body(),
                  0,
                  Math.min(500, response.body().length),
                  StandardCharsets.UTF_8));
    }
  }

  private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", authorization)
            .timeout(Duration.ofSeconds(60))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Process cli(BenchSettings settings, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ThroughputRun.JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.updraft.cli.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(settings.asEnv());
    builder.environment().putAll(env);
    if (args[0].equals("api")) {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    return builder.start();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
