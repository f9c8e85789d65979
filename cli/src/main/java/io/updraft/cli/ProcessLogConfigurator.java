package io.updraft.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.updraft.worker.MaskingPatternLayout;
import java.util.Map;

/**
 * The log of every {@code updraft} process, set up in code: logback reading an XML file loads its
 * parser and configuration model (some 450 classes) and walks them on every start, a tenth of a
 * second that a one-shot command pays for a handful of settings. Lines go to stderr so that command
 * output (tables, run ids) can be piped, through a layout that masks every fetched secret in the
 * message, its arguments and stack traces. A {@code logback-test.xml} on the class path or a file
 * named by {@code -Dlogback.configurationFile} still wins.
 */
public final class ProcessLogConfigurator extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";

  /** Chatty libraries, quietened. jOOQ warns that the OSS dialect predates PostgreSQL 17. */
  static final Map<String, Level> LEVELS =
      Map.of(
          "org.quartz", Level.WARN,
          "com.zaxxer.hikari", Level.WARN,
          "org.flywaydb", Level.WARN,
          "io.zonky", Level.WARN,
          "org.jooq", Level.ERROR,
          "org.eclipse.jetty", Level.WARN,
          "io.javalin", Level.WARN,
          "redis", Level.WARN);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || ProcessLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context, rootLevel());
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Sets up {@code context} as a process log whose root logger logs at {@code rootLevel}. */
  static void apply(LoggerContext context, Level rootLevel) {
    MaskingPatternLayout layout = new MaskingPatternLayout();
    layout.setContext(context);
    layout.setPattern(PATTERN);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("STDERR");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(rootLevel);
    root.addAppender(appender);
  }

  /**
   * {@code UPDRAFT_LOG_LEVEL} as a system property or environment variable, INFO when unset; an
   * unknown name gives DEBUG, as logback's XML configuration did.
   */
  static Level rootLevel() {
    String name = System.getProperty("UPDRAFT_LOG_LEVEL", System.getenv("UPDRAFT_LOG_LEVEL"));
    return name == null ? Level.INFO : Level.toLevel(name.trim(), Level.DEBUG);
  }
}
