package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.connection.Connection;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.dags.ExampleHttpToPostgresDag;
import io.updraft.dags.ExamplePostgresToS3Dag;
import io.updraft.dags.exchange.ExampleExchangeRatesDag;
import io.updraft.hooks.aws.S3Hook;
import io.updraft.hooks.postgres.PostgresHook;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.S3TestServer;
import io.updraft.testing.TestDatabase;
import io.updraft.worker.Worker;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example DAGs that reach outside systems, run by a scheduler and a worker against a real
 * PostgreSQL, a real S3 API (S3Proxy) and a local HTTP server.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ExampleHookDagsEndToEndTest {
  private static final AtomicReference<PostgresHook> LEFT_OPEN = new AtomicReference<>();

  /** A task that opens a hook and forgets to close it. */
  private static final Dag FORGETFUL =
      Dag.builder("e2e_forgetful_hook")
          .task(
              Task.java(
                  "leak",
                  ctx -> {
                    PostgresHook db = ctx.hook("warehouse", PostgresHook.class);
                    LEFT_OPEN.set(db);
                    return db.firstRow("select 1 as one").orElseThrow().get("one");
                  }))
          .build();

  @StartStop private final MockWebServer api = new MockWebServer();

  private final List<RecordedRequest> apiRequests = new ArrayList<>();
  private Backends backends;
  private SchedulerService scheduler;
  private Worker worker;
  private Hooks hooks;

  @BeforeEach
  void start() throws Exception {
    TestDatabase db = PostgresExtension.database();
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()));
    backends = Backends.open(config, true);
    URI pg = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    Map<String, Connection> connections =
        Map.of(
            "warehouse",
            new Connection(
                "warehouse",
                "postgres",
                null,
                pg.getHost(),
                db.user(),
                db.password(),
                pg.getPath().substring(1),
                pg.getPort(),
                Map.of("pool_size", "2")),
            "s3_exports",
            Connection.fromJson("s3_exports", S3TestServer.connectionJson()),
            "orders_api",
            Connection.fromUri("orders_api", "http://" + api.getHostName() + ":" + api.getPort()),
            "exchange_rates",
            Connection.fromUri(
                "exchange_rates",
                "exchange-rates://:rates-key@"
                    + api.getHostName()
                    + ":"
                    + api.getPort()
                    + "/http"));
    hooks = Hooks.load(ConnectionLookup.of(connections), getClass().getClassLoader());
    DagBag dags =
        DagBag.of(
            dag(new ExamplePostgresToS3Dag().dags()),
            dag(new ExampleHttpToPostgresDag().dags()),
            dag(new ExampleExchangeRatesDag().dags()),
            FORGETFUL);
    scheduler = Processes.scheduler(backends, dags);
    scheduler.start();
    worker = Processes.worker(backends, dags, "e2e-hooks-worker", List.of("default"), 4, hooks);
    worker.start();
    api.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            synchronized (apiRequests) {
              apiRequests.add(request);
            }
            String target = request.getTarget();
            if (target.startsWith("/v1/orders")) {
              return json(
                  "{\"orders\": [{\"id\": 1, \"customer\": \"ada\", \"amount\": \"12.50\"},"
                      + " {\"id\": 2, \"customer\": \"bob\", \"amount\": 7}]}");
            }
            if (target.startsWith("/v1/rates/")) {
              return json("{\"base\": \"EUR\", \"rates\": {\"USD\": 1.0842}}");
            }
            return new MockResponse.Builder().code(404).build();
          }
        });
  }

  /**
   * The example DAG without its schedule: the test triggers its runs itself, and a scheduled run
   * racing the test's own set-up (dropping and filling the tables) made the test flaky.
   */
  private static Dag dag(List<Dag> provided) {
    Dag example = provided.getFirst();
    Dag.Builder copy =
        Dag.builder(example.id())
            .description(example.description())
            .timezone(example.timezone())
            .schedule("none");
    if (example.startDate() != null) {
      copy.startDate(example.startDate());
    }
    example.tasks().forEach(copy::task);
    return copy.build();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @AfterEach
  void stop() {
    worker.close();
    scheduler.close();
    hooks.close();
    backends.close();
  }

  private DagRun runToEnd(String dagId) {
    var structure = backends.dags.find(dagId).orElseThrow().structure();
    DagRun run =
        backends
            .runs
            .createRun(NewDagRun.manual(dagId, backends.clock.instant(), Map.of()), structure)
            .orElseThrow();
    backends.events().publish(run.id());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> backends.runs.findRun(run.id()).orElseThrow().state().isTerminal());
    DagRun done = backends.runs.findRun(run.id()).orElseThrow();
    if (done.state() != RunState.SUCCESS) {
      String logs =
          backends.runs.taskInstances(run.id()).stream()
              .map(ti -> ti.taskId() + " " + ti.state() + ":\n" + backends.logs.read(ti.id(), 1))
              .collect(Collectors.joining("\n"));
      throw new AssertionError("Run of " + dagId + " ended " + done.state() + "\n" + logs);
    }
    return done;
  }

  private static String ds(DagRun run) {
    return LocalDate.ofInstant(run.logicalDate(), ZoneOffset.UTC).toString();
  }

  @Test
  void the_daily_postgres_export_lands_as_csv_under_the_day_in_s3() throws Exception {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    try (PostgresHook db = hooks.open("warehouse", PostgresHook.class)) {
      db.run(
          List.of(
              "drop table if exists orders",
              "create table orders (id int primary key, customer text, amount numeric(12, 2),"
                  + " ordered_on date)"),
          false);
      db.run(
          "insert into orders values (1, 'ada', 12.50, cast(? as date)), (2, 'bob', 7,"
              + " cast(? as date)), (3, 'eve', 1, date '2000-01-01')",
          today,
          today);
    }

    DagRun run = awaitStartedRunOn(ExamplePostgresToS3Dag.DAG_ID);

    String key = "data/" + ds(run) + "/data.csv";
    try (S3Hook s3 = hooks.open("s3_exports", S3Hook.class)) {
      String expected =
          ds(run).equals(today)
              ? "id,customer,amount,ordered_on\n1,ada,12.50,"
                  + today
                  + "\n2,bob,7.00,"
                  + today
                  + "\n"
              : "id,customer,amount,ordered_on\n";
      assertThat(s3.readString(ExamplePostgresToS3Dag.BUCKET, key)).isEqualTo(expected);
    }
    assertThat(backends.xcoms.get(run.id(), "export", "return_value")).isPresent();
  }

  @Test
  void the_http_api_load_upserts_the_days_orders_into_postgres() throws Exception {
    DagRun run = awaitStartedRunOn(ExampleHttpToPostgresDag.DAG_ID);

    try (PostgresHook db = hooks.open("warehouse", PostgresHook.class)) {
      assertThat(
              db.records(
                  "select id, customer, amount, ordered_on::text as day from api_orders order by id"))
          .containsExactly(
              Map.of(
                  "id", 1L, "customer", "ada", "amount", new BigDecimal("12.50"), "day", ds(run)),
              Map.of(
                  "id", 2L, "customer", "bob", "amount", new BigDecimal("7.00"), "day", ds(run)));
    }
    synchronized (apiRequests) {
      assertThat(apiRequests)
          .extracting(RecordedRequest::getTarget)
          .contains("/v1/orders?day=" + ds(run));
    }
  }

  @Test
  void the_custom_exchange_rates_hook_feeds_the_rate_into_postgres() throws Exception {
    DagRun run = awaitStartedRunOn(ExampleExchangeRatesDag.DAG_ID);

    try (PostgresHook db = hooks.open("warehouse", PostgresHook.class)) {
      assertThat(db.firstRow("select rate from fx_rates where day = cast(? as date)", ds(run)))
          .contains(Map.of("rate", new BigDecimal("1.08420000")));
    }
    synchronized (apiRequests) {
      RecordedRequest request = apiRequests.getLast();
      assertThat(request.getTarget()).isEqualTo("/v1/rates/" + ds(run) + "?base=EUR&symbols=USD");
      assertThat(request.getHeaders().get("X-Api-Key")).isEqualTo("rates-key");
    }
  }

  private DagRun awaitStartedRunOn(String dagId) {
    await().atMost(Duration.ofSeconds(30)).until(() -> backends.dags.find(dagId).isPresent());
    DagRun done = runToEnd(dagId);
    for (TaskInstance ti : backends.runs.taskInstances(done.id())) {
      assertThat(ti.state().isTerminal()).isTrue();
    }
    return done;
  }

  @Test
  void a_hook_the_task_forgot_to_close_is_closed_by_the_worker_when_the_task_ends() {
    awaitStartedRunOn(FORGETFUL.id());

    assertThat(LEFT_OPEN.get()).isNotNull();
    assertThat(LEFT_OPEN.get().isClosed()).isTrue();
  }
}
