package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import io.updraft.core.secrets.SecretMasker;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ProcessLogConfiguratorTest {
  private static final String SECRET = "Hunter2-in-the-log";

  @Test
  void the_code_gives_the_lines_the_xml_configuration_gave() throws Exception {
    LoggerContext fromXml = newContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(fromXml);
    joran.doConfigure(getClass().getResource("logback-as-xml.xml"));
    LoggerContext fromCode = newContext();
    ProcessLogConfigurator.apply(fromCode, ProcessLogConfigurator.rootLevel());
    new SecretMasker().register(SECRET);

    // One exception for both, so that both print the same stack trace.
    IllegalStateException failure = new IllegalStateException("refused " + SECRET);
    String expected = withoutTimes(logged(fromXml, () -> logSample(fromXml, failure)));
    String actual = withoutTimes(logged(fromCode, () -> logSample(fromCode, failure)));

    assertThat(actual).isEqualTo(expected);
    assertThat(actual)
        .contains(
            "INFO  i.u.s.SchedulerService - Scheduler started\n",
            "ERROR org.jooq.Constants - broken\n",
            "WARN  c.z.h.p.HikariPool - slow with ***\n",
            "java.lang.IllegalStateException: refused ***")
        .doesNotContain(SECRET, "quiet", "detail");
    for (String name : ProcessLogConfigurator.LEVELS.keySet()) {
      assertThat(fromCode.getLogger(name).getLevel())
          .as(name)
          .isEqualTo(fromXml.getLogger(name).getLevel());
    }
  }

  @Test
  void every_line_starts_with_the_time_of_day() {
    LoggerContext context = newContext();
    ProcessLogConfigurator.apply(context, Level.INFO);

    String line = logged(context, () -> context.getLogger("io.updraft.cli.Main").info("hello"));

    assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  io.updraft.cli.Main - hello\n");
  }

  @Test
  void the_root_level_comes_from_updraft_log_level_and_a_test_configuration_wins() {
    assertThat(ProcessLogConfigurator.rootLevel()).isEqualTo(levelOfTheEnvironment());
    // The tests' own logback-test.xml is on the class path: the configurator leaves it to logback.
    assertThat(new ProcessLogConfigurator().configure(new LoggerContext()))
        .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
  }

  /** A context of its own, as logback's SLF4J binding makes one (with its MDC). */
  private static LoggerContext newContext() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    return context;
  }

  private static Level levelOfTheEnvironment() {
    String name = System.getenv("UPDRAFT_LOG_LEVEL");
    return name == null ? Level.INFO : Level.toLevel(name, Level.DEBUG);
  }

  private static void logSample(LoggerContext context, Exception failure) {
    Logger scheduler = context.getLogger("io.updraft.scheduler.SchedulerService");
    scheduler.info("Scheduler started");
    scheduler.debug("detail");
    context.getLogger("org.jooq.Constants").warn("quiet");
    context.getLogger("org.jooq.Constants").error("broken");
    Logger pool = context.getLogger("com.zaxxer.hikari.pool.HikariPool");
    pool.info("quiet");
    pool.warn("slow with {}", SECRET);
    context.getLogger("redis.clients.jedis.Connection").info("quiet");
    context.getLogger("io.updraft.worker.Worker").error("task failed", failure);
  }

  /**
   * What {@code logging} wrote through the process log's appender of {@code context}, which writes
   * to stderr (logback holds on to the stream it found first, so the test hands it another).
   */
  private static String logged(LoggerContext context, Runnable logging) {
    ConsoleAppender<ILoggingEvent> appender =
        (ConsoleAppender<ILoggingEvent>)
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    assertThat(appender.getTarget()).isEqualTo("System.err");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    appender.setOutputStream(captured);
    logging.run();
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static String withoutTimes(String log) {
    return log.replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ", "");
  }
}
