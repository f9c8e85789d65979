package io.updraft.worker;

import io.updraft.core.task.TaskLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.function.Supplier;

/**
 * Stands in for System.out or System.err: what a task thread prints goes, line by line, to its
 * try's log (which masks secrets); every other thread writes to the original stream unchanged, so
 * the CLI's own output is not touched. Routing follows the same per-thread scope as slf4j events.
 */
final class TaskOutputStream extends OutputStream {
  private static final int MAX_LINE_BYTES = 64 * 1024;

  private final PrintStream original;
  private final Supplier<TaskLog> currentLog;
  private final Charset charset;
  // Made on a thread's first write: most tries print nothing, and end with no line to finish.
  private final ThreadLocal<ByteArrayOutputStream> partial = new ThreadLocal<>();

  TaskOutputStream(PrintStream original, Supplier<TaskLog> currentLog) {
    this.original = original;
    this.currentLog = currentLog;
    this.charset = original.charset();
  }

  /**
   * A print stream over this one, in the original's charset. Raw writes that stay in the process
   * log (logback's console appender, threads outside tasks) go to the original stream without
   * taking this print stream's lock: a task thread holds that lock while its line is stored, and
   * storing may log through the console appender, whose lock another thread may hold.
   */
  PrintStream printStream() {
    return new PrintStream(this, true, charset) {
      @Override
      public void write(byte[] bytes, int offset, int length) {
        if (taskLog() == null) {
          original.write(bytes, offset, length);
        } else {
          super.write(bytes, offset, length);
        }
      }

      @Override
      public void write(int b) {
        if (taskLog() == null) {
          original.write(b);
        } else {
          super.write(b);
        }
      }

      // Flushes too: logback's console appender flushes System.out after each event, and a
      // thread storing a task's lines (holding that log's lock) may log a statement meanwhile.
      @Override
      public void flush() {
        if (taskLog() == null) {
          original.flush();
        } else {
          super.flush();
        }
      }
    };
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    TaskLog log = taskLog();
    if (log == null) {
      original.write(bytes, offset, length);
      return;
    }
    ByteArrayOutputStream line = partial.get();
    if (line == null) {
      line = new ByteArrayOutputStream();
      partial.set(line);
    }
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] == '\n') {
        emit(log, line);
      } else {
        line.write(bytes[i]);
        if (line.size() >= MAX_LINE_BYTES) {
          emit(log, line);
        }
      }
    }
  }

  @Override
  public void flush() {
    TaskLog log = taskLog();
    if (log == null) {
      original.flush();
    }
  }

  /** Writes what the current thread printed without a final newline; called as its scope ends. */
  void endLine() {
    ByteArrayOutputStream line = partial.get();
    if (line == null) {
      return;
    }
    TaskLog log = currentLog.get();
    if (log != null && line.size() > 0) {
      emit(log, line);
    }
    partial.remove();
  }

  private TaskLog taskLog() {
    TaskLog log = currentLog.get();
    // A console appender writes to System.err through us: its lines belong to the process log.
    return log == null || calledByLogback() ? null : log;
  }

  private static boolean calledByLogback() {
    return StackWalker.getInstance()
        .walk(frames -> frames.anyMatch(f -> f.getClassName().startsWith("ch.qos.logback.")));
  }

  private void emit(TaskLog log, ByteArrayOutputStream line) {
    String text = line.toString(charset);
    line.reset();
    log.info(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
