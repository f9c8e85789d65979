package io.updraft.worker;

import io.updraft.core.run.LogLines;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.task.TaskLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a try's log lines and writes them in chunks, so a chatty task costs a few inserts rather
 * than one per line, and the log can be read while the task runs.
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

  BufferedTaskLog(TaskLogStore store, long taskInstanceId, int tryNumber, SecretMasker masker) {
    this.store = store;
    this.taskInstanceId = taskInstanceId;
    this.tryNumber = tryNumber;
    this.masker = masker;
  }

  @Override
  public synchronized void info(String line) {
    // Every line, stack traces included, passes the masker before it is stored.
    pending.add(masker.mask(line));
    pendingChars += line.length();
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
