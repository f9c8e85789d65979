package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.api.ApiServer;
import io.updraft.core.auth.Role;
import io.updraft.core.config.ConfigLoader;
import io.updraft.core.connection.Connection;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskLogShipper;
import io.updraft.core.run.TryLogId;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.hooks.aws.S3Hook;
import io.updraft.hooks.aws.S3LogStorage;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.S3TestServer;
import io.updraft.worker.Worker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Remote task logs through a real scheduler, worker and API on real PostgreSQL and Redis, shipping
 * to a real S3 API server (S3Proxy): a finished try's log leaves PostgreSQL for S3, and the API and
 * {@code updraft tasks logs} read it back page by page as before.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class RemoteLogsEndToEndTest {
  private static final int LINES = 2500;
  private static final Dag TALKY =
      Dag.builder("remote_logs")
          .task(
              Task.java(
                  "talk",
                  ctx -> {
                    for (int i = 0; i < LINES; i++) {
                      ctx.log().info("line " + i);
                    }
                    return null;
                  }))
          .build();

  /** The shipper's warnings; static, since the task below waits on them. */
  private static final ListAppender<ILoggingEvent> shipperLog = new ListAppender<>();

  /**
   * Fails its first try; its second, once the first try's upload has failed, makes the bucket that
   * upload could not reach.
   */
  private static final Dag SECOND_TRY =
      Dag.builder("remote_logs_retry")
          .task(
              Task.java(
                      "flaky",
                      ctx -> {
                        ctx.log().info("try " + ctx.tryNumber());
                        if (ctx.tryNumber() == 1) {
                          throw new IllegalStateException("first try fails");
                        }
                        await().atMost(Duration.ofSeconds(20)).until(() -> uploadFailed());
                        try (S3Hook s3 = ctx.hook("logs_s3", S3Hook.class)) {
                          s3.createBucket(ctx.conf().get("bucket").toString());
                        }
                        return null;
                      })
                  .retries(1)
                  .retryDelay(Duration.ZERO))
          .build();

  @TempDir Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final String bucket = "logs-" + UUID.randomUUID().toString().substring(0, 8);
  private Connection s3Connection;
  private Hooks hooks;
  private Path config;
  private Backends backends;

  @BeforeEach
  void connection() {
    s3Connection =
        new Connection(
            "logs_s3",
            "aws",
            null,
            null,
            S3TestServer.ACCESS_KEY,
            S3TestServer.SECRET_KEY,
            null,
            null,
            Map.of(
                "endpoint_url", S3TestServer.endpoint().toString(),
                "region_name", "us-east-1",
                "force_path_style", "true"));
    hooks =
        opened(
            Hooks.load(
                ConnectionLookup.of(Map.of("logs_s3", s3Connection)), getClass().getClassLoader()));
    shipperLog.start();
    ((Logger) LoggerFactory.getLogger(TaskLogShipper.class)).addAppender(shipperLog);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(TaskLogShipper.class)).detachAppender(shipperLog);
    synchronized (shipperLog) {
      shipperLog.list.clear();
    }
    for (AutoCloseable part : opened.reversed()) {
      try {
        part.close();
      } catch (Exception e) {
        // closed by the test already
      }
    }
  }

  private <T extends AutoCloseable> T opened(T part) {
    opened.add(part);
    return part;
  }

  /** The scheduler and the worker of one config file, with logs.remote at {@code base}. */
  private void start(String base) throws Exception {
    configure(base, "");
    DagBag dags = DagBag.of(TALKY, SECOND_TRY);
    SchedulerService scheduler = opened(Processes.scheduler(backends, dags));
    scheduler.start();
    Worker worker = opened(Processes.worker(backends, dags, "logs-worker", List.of("default"), 2));
    worker.start();
  }

  /**
   * Writes the config file, with logs.remote at {@code base} and {@code more} YAML, and opens it.
   */
  private void configure(String base, String more) throws Exception {
    Path connections = dir.resolve("connections.json");
    Files.writeString(connections, "{\"logs_s3\": " + s3Connection.toJson() + "}");
    var db = PostgresExtension.database();
    config = dir.resolve("updraft.yaml");
    Files.writeString(
        config,
        "database:\n  url: "
            + db.jdbcUrl()
            + "\n  user: "
            + db.user()
            + (db.password() == null ? "" : "\n  password: " + db.password())
            + "\nredis:\n  url: "
            + RedisExtension.url()
            + "\n  namespace: "
            + RedisExtension.namespace()
            + "\nsecrets:\n  order: [file]\n  file:\n    connections: "
            + connections
            + "\nlogs:\n  remote:\n    connection_id: logs_s3\n    base: "
            + base
            + "\n"
            + more);
    backends = opened(Backends.open(ConfigLoader.load(config, Map.of()), true));
  }

  @Test
  void a_finished_tries_log_moves_to_s3_and_reads_back_the_same_through_api_and_cli()
      throws Exception {
    try (S3Hook s3 = hooks.open("logs_s3", S3Hook.class)) {
      s3.createBucket(bucket);
    }
    start("s3://" + bucket + "/updraft/logs");

    TaskInstance ti = runToTheEnd();
    await().atMost(Duration.ofSeconds(30)).until(() -> location(ti).size() == 1);

    String key =
        "updraft/logs/remote_logs/"
            + ti.runId().replace(":", "%3A").replace("+", "%2B").replace(".", "%2E")
            + "/talk/-1/1.log";
    assertThat(location(ti)).containsExactly("s3://" + bucket + "/" + key);
    assertThat(postgresLines(ti)).isZero();
    List<String> shipped;
    try (S3Hook s3 = hooks.open("logs_s3", S3Hook.class)) {
      shipped = List.of(s3.readString(bucket, key).split("\n", -1));
    }
    List<String> said = IntStream.range(0, LINES).mapToObj(i -> "line " + i).toList();
    assertThat(
            shipped.stream()
                .filter(l -> l.matches(".*\\bline \\d+"))
                .map(l -> l.replaceAll("^.*\\b(line \\d+)$", "$1"))
                .toList())
        .isEqualTo(said);

    UsersCommand.create(backends, "viewer", Role.VIEWER, "viewer-password");
    try (ApiServer api = Processes.api(backends).start("127.0.0.1", 0)) {
      List<String> paged = new ArrayList<>();
      int offset = 0;
      JsonNode page;
      do {
        page = logPage(api, ti, "offset=" + offset + "&limit=1000");
        page.get("lines").forEach(l -> paged.add(l.asText()));
        offset = page.get("next_offset").asInt();
        assertThat(page.get("total_lines").asInt()).isEqualTo(shipped.size());
      } while (page.get("has_more").asBoolean());
      assertThat(paged).isEqualTo(shipped);

      JsonNode tail = logPage(api, ti, "offset=-200");
      assertThat(tail.get("offset").asInt()).isEqualTo(shipped.size() - 200);
      assertThat(tail.get("lines")).hasSize(200);
      assertThat(tail.get("lines").get(199).asText()).isEqualTo(shipped.getLast());
    }

    String whole =
        cli("tasks", "logs", "remote_logs", ti.runId(), "talk", "--config", config.toString());
    String tail =
        cli(
            "tasks",
            "logs",
            "remote_logs",
            ti.runId(),
            "talk",
            "--tail",
            "3",
            "--config",
            config.toString());
    assertThat(whole).isEqualTo(String.join("\n", shipped) + "\n");
    assertThat(tail)
        .isEqualTo(String.join("\n", shipped.subList(shipped.size() - 3, shipped.size())) + "\n");
  }

  @Test
  void an_upload_that_fails_keeps_the_log_in_postgresql_and_readable() throws Exception {
    start("s3://no-such-bucket-" + bucket + "/logs");

    TaskInstance ti = runToTheEnd();
    await().atMost(Duration.ofSeconds(30)).until(() -> uploadFailed());

    assertThat(location(ti)).isEmpty();
    assertThat(postgresLines(ti)).isPositive();
    assertThat(backends.logReader().lines(ti.id(), 1, 0, LINES * 2))
        .anySatisfy(l -> assertThat(l).endsWith("] line 0"))
        .anySatisfy(l -> assertThat(l).endsWith("line " + (LINES - 1)));
    assertThat(shipperLog.list)
        .noneMatch(e -> e.getFormattedMessage().contains(S3TestServer.SECRET_KEY));
  }

  @Test
  void a_try_whose_upload_failed_is_shipped_with_the_next_try() throws Exception {
    start("s3://" + bucket + "/logs");

    backends.dags.save(SECOND_TRY.structure(), backends.clock.instant());
    DagRun run =
        backends
            .runs
            .createRun(
                NewDagRun.manual(
                    SECOND_TRY.id(), backends.clock.instant(), Map.of("bucket", bucket)),
                SECOND_TRY.structure())
            .orElseThrow();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> backends.runs.findRun(run.id()).orElseThrow().state() == RunState.SUCCESS);
    TaskInstance ti = backends.runs.taskInstances(run.id()).getFirst();
    await().atMost(Duration.ofSeconds(30)).until(() -> location(ti).size() == 2);

    assertThat(postgresLines(ti)).isZero();
    assertThat(backends.logReader().read(ti.id(), 1))
        .anySatisfy(l -> assertThat(l).endsWith("] try 1"))
        .anySatisfy(l -> assertThat(l).contains("first try fails"));
    assertThat(backends.logReader().read(ti.id(), 2))
        .anySatisfy(l -> assertThat(l).endsWith("] try 2"));
  }

  @Test
  void the_log_of_a_try_whose_worker_died_is_shipped_by_the_scheduler_once_it_reaped_the_try()
      throws Exception {
    try (S3Hook s3 = hooks.open("logs_s3", S3Hook.class)) {
      s3.createBucket(bucket);
    }
    // A scheduler alone, quick to reap: the try's worker claims it, logs, and dies.
    configure(
        "s3://" + bucket + "/reaped",
        "scheduler:\n  sweep_interval_ms: 200\n  zombie_after_seconds: 2\n");
    opened(Processes.scheduler(backends, DagBag.of(TALKY))).start();
    backends.dags.save(TALKY.structure(), backends.clock.instant());
    DagRun run =
        backends
            .runs
            .createRun(
                NewDagRun.manual(TALKY.id(), backends.clock.instant(), Map.of()), TALKY.structure())
            .orElseThrow();
    backends.events().publish(run.id());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> backends.runs.taskInstances(run.id()).getFirst().state() == TaskState.QUEUED);
    TaskInstance queued = backends.runs.taskInstances(run.id()).getFirst();
    Instant now = backends.clock.instant();
    backends.runs.claim(List.of(TaskChange.claim(queued.id(), 1, "dying-worker", now)));
    backends.runs.heartbeat("dying-worker", List.of(queued.id()), now);
    backends.logs.append(queued.id(), 1, List.of("line 0", "line 1", "the last words"));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> backends.runs.findRun(run.id()).orElseThrow().state() == RunState.FAILED);
    await().atMost(Duration.ofSeconds(30)).until(() -> location(queued).size() == 1);

    String key =
        "reaped/remote_logs/"
            + run.runId().replace(":", "%3A").replace("+", "%2B").replace(".", "%2E")
            + "/talk/-1/1.log";
    assertThat(location(queued)).containsExactly("s3://" + bucket + "/" + key);
    assertThat(postgresLines(queued)).isZero();
    try (S3Hook s3 = hooks.open("logs_s3", S3Hook.class)) {
      assertThat(s3.readString(bucket, key)).contains("line 0", "line 1", "the last words");
    }
    assertThat(backends.logReader().read(queued.id(), 1)).contains("the last words");
  }

  @Test
  void a_hostile_run_id_stays_under_the_prefix() throws Exception {
    try (S3Hook s3 = hooks.open("logs_s3", S3Hook.class)) {
      s3.createBucket(bucket);
    }
    S3LogStorage storage = new S3LogStorage(hooks, "logs_s3", "s3://" + bucket + "/tenant-a");
    TryLogId hostile = new TryLogId(1, "../..", "../../tenant-b/x", "..", 0, 1);

    String location = storage.locationOf(hostile);
    storage.write(location, List.of("one", "two"));

    try (S3Hook s3 = hooks.open("logs_s3", S3Hook.class)) {
      assertThat(s3.listKeys(bucket, ""))
          .singleElement()
          .satisfies(k -> assertThat(k).startsWith("tenant-a/").doesNotContain("..", "tenant-b/"));
    }
    assertThat(storage.read(location)).containsExactly("one", "two");
  }

  private static boolean uploadFailed() {
    synchronized (shipperLog) {
      return shipperLog.list.stream()
          .anyMatch(e -> e.getFormattedMessage().contains("stays in PostgreSQL"));
    }
  }

  private TaskInstance runToTheEnd() {
    backends.dags.save(TALKY.structure(), backends.clock.instant());
    DagRun run =
        backends
            .runs
            .createRun(
                NewDagRun.manual(TALKY.id(), backends.clock.instant(), Map.of()), TALKY.structure())
            .orElseThrow();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> backends.runs.findRun(run.id()).orElseThrow().state() == RunState.SUCCESS);
    return backends.runs.taskInstances(run.id()).getFirst();
  }

  private List<String> location(TaskInstance ti) throws Exception {
    List<String> found = new ArrayList<>();
    try (var c = backends.database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select location from task_log_location where task_instance_id = " + ti.id())) {
      while (rs.next()) {
        found.add(rs.getString(1));
      }
    }
    return found;
  }

  private long postgresLines(TaskInstance ti) throws Exception {
    try (var c = backends.database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from task_log where task_instance_id = " + ti.id())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static JsonNode logPage(ApiServer api, TaskInstance ti, String query) throws Exception {
    String path =
        "/api/v1/dags/remote_logs/dagRuns/"
            + URLEncoder.encode(ti.runId(), StandardCharsets.UTF_8)
            + "/taskInstances/talk/logs/1?"
            + query;
    String basic =
        Base64.getEncoder()
            .encodeToString("viewer:viewer-password".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                    .header("Authorization", "Basic " + basic)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }

  private static String cli(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run(args)).isZero();
      // The tests' logback prints process log lines to stdout (the real one to stderr): drop them.
      return out.toString(StandardCharsets.UTF_8)
          .replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ +\\[.*\\R", "");
    } finally {
      System.setOut(original);
    }
  }
}
