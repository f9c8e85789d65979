package io.updraft.cli;

import static io.updraft.cli.RemoteLogsFixture.LINES;
import static io.updraft.cli.RemoteLogsFixture.TALKY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.api.ApiServer;
import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskLogShipper;
import io.updraft.core.run.TryLogId;
import io.updraft.core.state.RunState;
import io.updraft.hooks.aws.S3Hook;
import io.updraft.hooks.aws.S3LogStorage;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.S3TestServer;
import io.updraft.worker.Worker;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
  private RemoteLogsFixture fx;

  @BeforeEach
  void connection() {
    fx = new RemoteLogsFixture(dir);
    shipperLog.start();
    ((Logger) LoggerFactory.getLogger(TaskLogShipper.class)).addAppender(shipperLog);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(TaskLogShipper.class)).detachAppender(shipperLog);
    synchronized (shipperLog) {
      shipperLog.list.clear();
    }
    fx.close();
  }

  /** The scheduler and the worker of one config file, with logs.remote at {@code base}. */
  private void start(String base) throws Exception {
    fx.configure(base, "");
    DagBag dags = DagBag.of(TALKY, SECOND_TRY);
    SchedulerService scheduler = fx.opened(Processes.scheduler(fx.backends, dags));
    scheduler.start();
    Worker worker =
        fx.opened(Processes.worker(fx.backends, dags, "logs-worker", List.of("default"), 2));
    worker.start();
  }

  @Test
  void a_finished_tries_log_moves_to_s3_and_reads_back_the_same_through_api_and_cli()
      throws Exception {
    fx.createBucket();
    start("s3://" + fx.bucket + "/updraft/logs");

    TaskInstance ti = runToTheEnd();
    await().atMost(Duration.ofSeconds(30)).until(() -> fx.location(ti).size() == 1);

    String key = RemoteLogsFixture.talkLogKey("updraft/logs", ti.runId());
    assertThat(fx.location(ti)).containsExactly("s3://" + fx.bucket + "/" + key);
    assertThat(fx.postgresLines(ti)).isZero();
    List<String> shipped;
    try (S3Hook s3 = fx.hooks.open("logs_s3", S3Hook.class)) {
      shipped = List.of(s3.readString(fx.bucket, key).split("\n", -1));
    }
    List<String> said = IntStream.range(0, LINES).mapToObj(i -> "line " + i).toList();
    assertThat(
            shipped.stream()
                .filter(l -> l.matches(".*\\bline \\d+"))
                .map(l -> l.replaceAll("^.*\\b(line \\d+)$", "$1"))
                .toList())
        .isEqualTo(said);

    UsersCommand.create(fx.backends, "viewer", Role.VIEWER, "viewer-password");
    try (ApiServer api = Processes.api(fx.backends).start("127.0.0.1", 0)) {
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
        cli("tasks", "logs", "remote_logs", ti.runId(), "talk", "--config", fx.config.toString());
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
            fx.config.toString());
    assertThat(whole).isEqualTo(String.join("\n", shipped) + "\n");
    assertThat(tail)
        .isEqualTo(String.join("\n", shipped.subList(shipped.size() - 3, shipped.size())) + "\n");
  }

  @Test
  void an_upload_that_fails_keeps_the_log_in_postgresql_and_readable() throws Exception {
    start("s3://no-such-bucket-" + fx.bucket + "/logs");

    TaskInstance ti = runToTheEnd();
    await().atMost(Duration.ofSeconds(30)).until(() -> uploadFailed());

    assertThat(fx.location(ti)).isEmpty();
    assertThat(fx.postgresLines(ti)).isPositive();
    assertThat(fx.backends.logReader().lines(ti.id(), 1, 0, LINES * 2))
        .anySatisfy(l -> assertThat(l).endsWith("] line 0"))
        .anySatisfy(l -> assertThat(l).endsWith("line " + (LINES - 1)));
    assertThat(shipperLog.list)
        .noneMatch(e -> e.getFormattedMessage().contains(S3TestServer.SECRET_KEY));
  }

  @Test
  void a_try_whose_upload_failed_is_shipped_with_the_next_try() throws Exception {
    start("s3://" + fx.bucket + "/logs");

    fx.backends.dags.save(SECOND_TRY.structure(), fx.backends.clock.instant());
    DagRun run =
        fx.backends
            .runs
            .createRun(
                NewDagRun.manual(
                    SECOND_TRY.id(), fx.backends.clock.instant(), Map.of("bucket", fx.bucket)),
                SECOND_TRY.structure())
            .orElseThrow();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> fx.backends.runs.findRun(run.id()).orElseThrow().state() == RunState.SUCCESS);
    TaskInstance ti = fx.backends.runs.taskInstances(run.id()).getFirst();
    await().atMost(Duration.ofSeconds(30)).until(() -> fx.location(ti).size() == 2);

    assertThat(fx.postgresLines(ti)).isZero();
    assertThat(fx.backends.logReader().read(ti.id(), 1))
        .anySatisfy(l -> assertThat(l).endsWith("] try 1"))
        .anySatisfy(l -> assertThat(l).contains("first try fails"));
    assertThat(fx.backends.logReader().read(ti.id(), 2))
        .anySatisfy(l -> assertThat(l).endsWith("] try 2"));
  }

  @Test
  void a_hostile_run_id_stays_under_the_prefix() throws Exception {
    fx.createBucket();
    S3LogStorage storage = new S3LogStorage(fx.hooks, "logs_s3", "s3://" + fx.bucket + "/tenant-a");
    TryLogId hostile = new TryLogId(1, "../..", "../../tenant-b/x", "..", 0, 1);

    String location = storage.locationOf(hostile);
    storage.write(location, List.of("one", "two"));

    try (S3Hook s3 = fx.hooks.open("logs_s3", S3Hook.class)) {
      assertThat(s3.listKeys(fx.bucket, ""))
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
    fx.backends.dags.save(TALKY.structure(), fx.backends.clock.instant());
    DagRun run =
        fx.backends
            .runs
            .createRun(
                NewDagRun.manual(TALKY.id(), fx.backends.clock.instant(), Map.of()),
                TALKY.structure())
            .orElseThrow();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> fx.backends.runs.findRun(run.id()).orElseThrow().state() == RunState.SUCCESS);
    return fx.backends.runs.taskInstances(run.id()).getFirst();
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
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    // The tests' logback prints process log lines to stdout (the real one to stderr): drop them.
    return run.commandOut();
  }
}
