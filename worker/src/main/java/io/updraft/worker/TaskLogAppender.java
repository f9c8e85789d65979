package io.updraft.worker;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.updraft.core.task.TaskLog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Copies what a task logs through slf4j into its try's log. The worker puts the try's key in the
 * MDC of the thread that runs the task; events carrying a key go to that try's log, the others are
 * ignored. Installed once per JVM on logback's root logger; without logback it does nothing. What a
 * task thread prints on System.out and System.err follows the same routing.
 */
final class TaskLogAppender extends AppenderBase<ILoggingEvent> {
  static final String MDC_KEY = "updraft.try";

  private static final Map<String, TaskLog> LOGS = new ConcurrentHashMap<>();
  private static volatile boolean installed;
  private static volatile TaskOutputStream out;
  private static volatile TaskOutputStream err;

  /** Routes the current thread's slf4j events to {@code log} until the returned scope closes. */
  static Scope route(long taskInstanceId, int tryNumber, TaskLog log) {
    install();
    String key = taskInstanceId + ":" + tryNumber;
    LOGS.put(key, log);
    MDC.put(MDC_KEY, key);
    return () -> {
      endLines();
      MDC.remove(MDC_KEY);
      LOGS.remove(key, log);
    };
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    // Once per JVM: the original streams stay in use for every thread that runs no task.
    out = new TaskOutputStream(System.out, TaskLogAppender::currentLog);
    err = new TaskOutputStream(System.err, TaskLogAppender::currentLog);
    System.setOut(out.printStream());
    System.setErr(err.printStream());
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      TaskLogAppender appender = new TaskLogAppender();
      appender.setContext(context);
      appender.setName("updraft-task-log");
      appender.start();
      context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }
  }

  /** The log of the try the current thread runs, or null outside any task. */
  private static TaskLog currentLog() {
    String key = MDC.get(MDC_KEY);
    return key == null ? null : LOGS.get(key);
  }

  private static void endLines() {
    // No System.out/err flush first: the print streams over ours hold no bytes between calls
    // (each print hands its bytes on at once), and a flush from a task thread costs two stack
    // walks (calledByLogback) per stream, for every try.
    out.endLine();
    err.endLine();
  }

  @Override
  protected void append(ILoggingEvent event) {
    String key = event.getMDCPropertyMap().get(MDC_KEY);
    if (key == null) {
      return;
    }
    TaskLog log = LOGS.get(key);
    if (log == null) {
      return;
    }
    StringBuilder line =
        new StringBuilder()
            .append(event.getLevel())
            .append(' ')
            .append(event.getLoggerName())
            .append(" - ")
            .append(event.getFormattedMessage());
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append('\n').append(ThrowableProxyUtil.asString(thrown));
    }
    log.info(line.toString());
  }

  /** Ends the routing of one try's events. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
