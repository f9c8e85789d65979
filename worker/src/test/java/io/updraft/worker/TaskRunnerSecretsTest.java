package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.connection.Connection;
import io.updraft.core.connection.PercentEncoding;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RenderedField;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.secrets.EnvironmentSecretsBackend;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.TaskState;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresRenderedFieldsStore;
import io.updraft.sql.PostgresRunBrowser;
import io.updraft.sql.PostgresRunStore;
import io.updraft.sql.PostgresTaskLogStore;
import io.updraft.sql.PostgresXComStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A task that handles a connection's secrets: none of them may reach its stored log. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TaskRunnerSecretsTest {
  private static final String PASSWORD = "p@ss w0rd/42";
  private static final String TOKEN = "tok-9f8e7d6c";
  private static final String API_KEY = "ak-5a4b3c2d1e";

  private Database database;
  private StepHarness fx;

  @BeforeEach
  void open() {
    TestDatabase db = PostgresExtension.database();
    database = Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4));
    database.migrate();
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
    database.close();
  }

  @Test
  void a_connection_secret_never_reaches_the_task_log_or_the_exception_text() {
    Dag dag =
        Dag.builder("uses_secrets")
            .schedule("none")
            .startDate(LocalDate.of(2026, 1, 1))
            .defaultRetries(0)
            .task(
                Task.java(
                    "leak",
                    ctx -> {
                      Connection c = ctx.connection("sales_db");
                      ctx.log().info("password " + c.password());
                      ctx.log().info("token " + c.extraString("api_token"));
                      ctx.log().info("uri " + c.toUri());
                      ctx.log().info("host " + c.host());
                      throw new IllegalStateException(
                          "login failed for "
                              + c.login()
                              + " with "
                              + c.password()
                              + " ("
                              + PercentEncoding.quote(c.password())
                              + ")");
                    }))
            .build();
    fx = new StepHarness(salesDbSecrets(Clock.systemUTC()), dag);
    DagRun run = fx.trigger(dag);
    fx.tickUntilIdle(5);
    TaskInstance ti = fx.task(run, "leak");
    PostgresRunStore runs = fx.runs;
    PostgresTaskLogStore logs = fx.logs;

    String log = String.join("\n", logs.read(ti.id(), ti.tryNumber()));
    assertThat(runs.findTaskInstance(ti.id()).orElseThrow().state()).isEqualTo(TaskState.FAILED);
    assertThat(log)
        .contains("password ***")
        .contains("token ***")
        .contains("host db.example.com")
        .contains("IllegalStateException: login failed for etl with *** (***)")
        .doesNotContain(PASSWORD)
        .doesNotContain(PercentEncoding.quote(PASSWORD))
        .doesNotContain(TOKEN);
  }

  @Test
  void a_rendered_connection_secret_is_stored_masked_with_the_try() {
    Dag dag =
        Dag.builder("renders_secrets")
            .schedule("none")
            .startDate(LocalDate.of(2026, 1, 1))
            .defaultRetries(0)
            .task(
                Task.java(
                    "connect",
                    ctx -> {
                      ctx.render(
                          "psql -h {{ conn.sales_db.host }} -W {{ conn.sales_db.password }}");
                      ctx.render("run {{ run_id }}");
                      return null;
                    }))
            .build();
    fx = new StepHarness(salesDbSecrets(Clock.systemUTC()), dag);
    DagRun run = fx.trigger(dag);
    fx.tickUntilIdle(5);
    TaskInstance ti = fx.task(run, "connect");
    PostgresRunStore runs = fx.runs;
    PostgresRenderedFieldsStore rendered = fx.renderedFields;

    assertThat(runs.findTaskInstance(ti.id()).orElseThrow().state()).isEqualTo(TaskState.SUCCESS);
    assertThat(rendered.read(ti.id(), ti.tryNumber()))
        .containsExactly(
            new RenderedField(
                "psql -h {{ conn.sales_db.host }} -W {{ conn.sales_db.password }}",
                "psql -h db.example.com -W ***"),
            new RenderedField("run {{ run_id }}", "run " + run.runId()));
    assertThat(rendered.read(ti.id(), ti.tryNumber() + 1)).isEmpty();
  }

  @Test
  void a_secret_a_task_logs_prints_or_throws_is_masked_in_its_task_log_and_the_process_log() {
    Logger etl = LoggerFactory.getLogger("my.etl.Load");
    Dag dag =
        Dag.builder("prints_secrets")
            .schedule("none")
            .startDate(LocalDate.of(2026, 1, 1))
            .defaultRetries(0)
            .task(
                Task.java(
                    "leak",
                    ctx -> {
                      Connection c = ctx.connection("sales_db");
                      String apiKey = ctx.variable("partner_api_key");
                      etl.info("connecting with {} and key {}", c.password(), apiKey);
                      etl.warn("retrying", new IllegalStateException("refused " + c.password()));
                      System.out.println("stdout password " + c.password());
                      System.err.print("stderr key " + apiKey);
                      throw new IllegalStateException("login failed with " + apiKey);
                    }))
            .build();
    ByteArrayOutputStream processLog = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> console = processLogAppender(processLog);
    try {
      TaskInstance ti = runOnce(dag, "leak", Map.of("UPDRAFT_VAR_PARTNER_API_KEY", API_KEY));
      System.out.println("printed outside any task");

      String log = String.join("\n", new PostgresTaskLogStore(database).read(ti.id(), 1));
      assertThat(log)
          .contains("INFO my.etl.Load - connecting with *** and key ***")
          .contains("WARN my.etl.Load - retrying")
          .contains("IllegalStateException: refused ***")
          .contains("stdout password ***")
          .contains("stderr key ***")
          .contains("IllegalStateException: login failed with ***")
          .doesNotContain(PASSWORD)
          .doesNotContain(API_KEY)
          .doesNotContain("printed outside any task");
      String process = processLog.toString(StandardCharsets.UTF_8);
      assertThat(process)
          .contains("connecting with *** and key ***")
          .contains("IllegalStateException: refused ***")
          .doesNotContain(PASSWORD)
          .doesNotContain(API_KEY);
    } finally {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
          .detachAppender(console);
    }
  }

  /**
   * An appender built as cli's ProcessLogConfigurator builds the process log's, writing into {@code
   * sink}.
   */
  private static OutputStreamAppender<ILoggingEvent> processLogAppender(OutputStream sink) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    MaskingPatternLayout layout = new MaskingPatternLayout();
    layout.setContext(context);
    layout.setPattern("%-5level %logger{20} - %msg%n");
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("test-process-log");
    appender.setEncoder(encoder);
    appender.setOutputStream(sink);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    return appender;
  }

  @Test
  void an_xcom_holding_a_fetched_secret_is_shown_masked_but_pulled_whole() {
    Dag dag =
        Dag.builder("pushes_secrets")
            .schedule("none")
            .startDate(LocalDate.of(2026, 1, 1))
            .defaultRetries(0)
            .task(
                Task.java(
                    "leak",
                    ctx -> {
                      Connection c = ctx.connection("sales_db");
                      ctx.xcomPush("dsn", "postgres://etl:" + c.password() + "@db");
                      return Map.of("login", c.login(), "password", c.password());
                    }))
            .build();

    TaskInstance ti = runOnce(dag, "leak", Map.of());

    PostgresRunStore runs = new PostgresRunStore(database, Clock.systemUTC());
    assertThat(runs.findTaskInstance(ti.id()).orElseThrow().state()).isEqualTo(TaskState.SUCCESS);
    // What a downstream task pulls is the value itself.
    assertThat(new PostgresXComStore(database).get(ti.dagRunId(), "leak", "dsn"))
        .contains(Json.write("postgres://etl:" + PASSWORD + "@db"));
    // What the API, the UI and the CLI read is the masked copy.
    Map<String, String> shown = new LinkedHashMap<>();
    new PostgresRunBrowser(database)
        .xcoms(ti.dagRunId(), "leak")
        .forEach(x -> shown.put(x.key(), x.json()));
    assertThat(shown)
        .containsEntry("dsn", "\"postgres://etl:***@db\"")
        .containsEntry("return_value", "{\"login\": \"etl\", \"password\": \"***\"}");
    assertThat(shown.toString()).doesNotContain(PASSWORD);
  }

  /** Runs the DAG's one task step by step, its connection sales_db and {@code moreEnv} set. */
  private TaskInstance runOnce(Dag dag, String taskId, Map<String, String> moreEnv) {
    Map<String, String> env = new java.util.HashMap<>(moreEnv);
    env.put(
        "UPDRAFT_CONN_SALES_DB",
        "postgres://etl:"
            + PercentEncoding.quote(PASSWORD)
            + "@db.example.com:5432/sales?api_token="
            + TOKEN);
    fx =
        new StepHarness(
            new SecretsChain(
                List.of(new EnvironmentSecretsBackend(env)),
                Duration.ofSeconds(60),
                Clock.systemUTC(),
                SecretsAudit.none(),
                new SecretMasker()),
            dag);
    DagRun run = fx.trigger(dag);
    fx.tickUntilIdle(5);
    return fx.task(run, taskId);
  }

  @Test
  void a_run_s_conf_cannot_steer_a_template_lookup_out_of_the_configured_place() {
    Dag dag =
        Dag.builder("looks_up_from_conf")
            .schedule("none")
            .startDate(LocalDate.of(2026, 1, 1))
            .defaultRetries(0)
            .task(
                Task.java(
                    "lookup",
                    ctx -> {
                      ctx.render("region {{ var.value[conf.key] }}");
                      return null;
                    }))
            .build();
    fx = new StepHarness(salesDbSecrets(Clock.systemUTC()), dag);
    DagRun run = fx.trigger(dag, Map.of("key", "../../auth/token/lookup-self"));
    fx.tickUntilIdle(5);
    TaskInstance ti = fx.task(run, "lookup");

    String log = String.join("\n", fx.logs.read(ti.id(), ti.tryNumber()));
    assertThat(fx.runs.findTaskInstance(ti.id()).orElseThrow().state()).isEqualTo(TaskState.FAILED);
    assertThat(log)
        .contains(
            "Variable key '../../auth/token/lookup-self' cannot be looked up: it has the path"
                + " segment '..'");
  }

  private static SecretsChain salesDbSecrets(Clock clock) {
    return new SecretsChain(
        List.of(
            new EnvironmentSecretsBackend(
                Map.of(
                    "UPDRAFT_CONN_SALES_DB",
                    "postgres://etl:"
                        + PercentEncoding.quote(PASSWORD)
                        + "@db.example.com:5432/sales?api_token="
                        + TOKEN))),
        Duration.ofSeconds(60),
        clock,
        SecretsAudit.none(),
        new SecretMasker());
  }
}
