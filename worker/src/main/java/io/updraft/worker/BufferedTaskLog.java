package io.updraft.worker;

import io.updraft.core.config.LogsConfig;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.task.TaskLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a try's log lines and writes them in chunks, so a chatty task costs a few inserts rather
 * than one per line, and the log can be read while the task runs. The task's own output is capped
 * at {@code maxBytes} (UTF-8, counted here, without asking the database): past it, one marker line
 * says where the log was cut and the rest is dropped, which also bounds what this log holds in
 * memory while the database is away. Lines Updraft writes itself ({@link #updraftLine}) are always
 * kept, so a finished try's log still ends with its outcome.
 */
final class BufferedTaskLog implements TaskLog {
  private static final int CHUNK_LINES = 200;

  private final TaskLogStore store;
  private final long taskInstanceId;
  private final int tryNumber;
  private final SecretMasker masker;
  private final List<String> pending = new ArrayList<>();
  private long pendingChars;
  private boolean storeAway;
  private final long maxBytes;
  private long outputBytes;
  private boolean cut;

  BufferedTaskLog(TaskLogStore store, long taskInstanceId, int tryNumber, SecretMasker masker) {
    this(store, taskInstanceId, tryNumber, masker, LogsConfig.DEFAULT_MAX_BYTES_PER_TRY);
  }

  BufferedTaskLog(
      TaskLogStore store, long taskInstanceId, int tryNumber, SecretMasker masker, long maxBytes) {
    this.store = store;
    this.taskInstanceId = taskInstanceId;
    this.tryNumber = tryNumber;
    this.masker = masker;
    this.maxBytes = maxBytes;
  }

  /** A line of the task's output: stored while the try's output stays within the cap. */
  @Override
  public synchronized void info(String line) {
    if (cut) {
      return;
    }
    // Every line, stack traces included, passes the masker before it is stored.
    String masked = masker.mask(line);
    long bytes = Utf8.length(masked) + 1L;
    if (outputBytes + bytes > maxBytes) {
      cut = true;
      add(cutMarker(outputBytes));
      return;
    }
    outputBytes += bytes;
    add(masked);
  }

  /** A line Updraft writes itself (start, outcome, failure summary): kept past the cap. */
  synchronized void updraftLine(String line) {
    add(masker.mask(line));
  }

  /** Whether the task's output passed the cap and the rest of it was dropped. */
  synchronized boolean cut() {
    return cut;
  }

  static String cutMarker(long atBytes) {
    return "[log cut at "
        + atBytes
        + " bytes: the rest of this try's output is not stored;"
        + " raise logs.max_bytes_per_try to keep more]";
  }

  private void add(String masked) {
    pending.add(masked);
    pendingChars += masked.length();
    if (pending.size() >= CHUNK_LINES && !storeAway) {
      try {
        flush();
      } catch (RuntimeException e) {
        // The database is away: the lines stay pending, written by a later flush or with the
        // outcome once it is back, and the task that logged them neither fails nor waits for it.
        storeAway = true;
      }
    }
  }

  synchronized void flush() {
    if (!pending.isEmpty()) {
      store.append(taskInstanceId, tryNumber, List.copyOf(pending));
      pending.clear();
      pendingChars = 0;
      storeAway = false;
    }
  }

  /** Hands the pending lines to a batch that the caller writes, instead of writing them now. */
  synchronized void flush(List<LogLines> batch) {
    if (!pending.isEmpty()) {
      batch.add(new LogLines(taskInstanceId, tryNumber, List.copyOf(pending)));
      pending.clear();
      pendingChars = 0;
    }
  }

  /**
   * Takes back lines handed to a batch that could not be written, before any written since, so a
   * try whose outcome is recorded later keeps its whole log in order.
   */
  synchronized void putBack(List<LogLines> unwritten) {
    List<String> back = new ArrayList<>();
    for (LogLines l : unwritten) {
      if (l.taskInstanceId() == taskInstanceId && l.tryNumber() == tryNumber) {
        back.addAll(l.lines());
      }
    }
    pending.addAll(0, back);
    back.forEach(line -> pendingChars += line.length());
  }

  /** Characters of the lines not written yet: what holding this log costs in memory. */
  synchronized long pendingChars() {
    return pendingChars;
  }
}
