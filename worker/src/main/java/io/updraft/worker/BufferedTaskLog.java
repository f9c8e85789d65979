package io.updraft.worker;

import io.updraft.core.config.LogsConfig;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.task.TaskLog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Collects a try's log lines and writes them in chunks, so a chatty task costs a few inserts rather
 * than one per line, and the log can be read while the task runs. The task's own output is capped
 * at {@code maxBytes} (UTF-8, counted here, without asking the database): past it, one marker line
 * says where the log was cut and the rest is dropped, which also bounds what this log holds in
 * memory while the database is away. Lines Updraft writes itself ({@link #updraftLine}) are always
 * kept, so a finished try's log still ends with its outcome. Each line starts with the UTC time the
 * worker took it, to the millisecond, as {@code [2026-12-05T16:58:07.123Z] text}.
 *
 * <p>No lock of this log is held while the store is called. Storing may log (the driver, the pool),
 * and a task thread logging through slf4j holds logback's appender lock while it waits for this
 * log: a writer that held this log's lock and logged would deadlock with it. Writes are ordered by
 * {@link #writing} instead, which a task thread never waits for.
 */
final class BufferedTaskLog implements TaskLog {
  private static final int CHUNK_LINES = 200;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("'['uuuu-MM-dd'T'HH:mm:ss.SSS'Z] '").withZone(ZoneOffset.UTC);

  private static volatile Stamp lastStamp = new Stamp(Long.MIN_VALUE, "");

  private final TaskLogStore store;
  private final long taskInstanceId;
  private final int tryNumber;
  private final SecretMasker masker;
  private final Clock clock;
  private final List<String> pending = new ArrayList<>();
  private final ReentrantLock writing = new ReentrantLock();
  private long pendingChars;
  private boolean storeAway;
  private final long maxBytes;
  private long outputBytes;
  private boolean cut;

  BufferedTaskLog(TaskLogStore store, long taskInstanceId, int tryNumber, SecretMasker masker) {
    this(
        store,
        taskInstanceId,
        tryNumber,
        masker,
        LogsConfig.DEFAULT_MAX_BYTES_PER_TRY,
        Clock.systemUTC());
  }

  BufferedTaskLog(
      TaskLogStore store,
      long taskInstanceId,
      int tryNumber,
      SecretMasker masker,
      long maxBytes,
      Clock clock) {
    this.store = store;
    this.taskInstanceId = taskInstanceId;
    this.tryNumber = tryNumber;
    this.masker = masker;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  /** A line of the task's output: stored while the try's output stays within the cap. */
  @Override
  public void info(String line) {
    // Every line, stack traces included, passes the masker before it is stored.
    String masked = stamped(masker.mask(line));
    boolean chunkFull;
    synchronized (this) {
      if (cut) {
        return;
      }
      long bytes = Utf8.length(masked) + 1L;
      if (outputBytes + bytes > maxBytes) {
        cut = true;
        chunkFull = add(stamped(cutMarker(outputBytes)));
      } else {
        outputBytes += bytes;
        chunkFull = add(masked);
      }
    }
    if (chunkFull) {
      writeChunkIfFree();
    }
  }

  /** A line Updraft writes itself (start, outcome, failure summary): kept past the cap. */
  void updraftLine(String line) {
    String masked = stamped(masker.mask(line));
    boolean chunkFull;
    synchronized (this) {
      chunkFull = add(masked);
    }
    if (chunkFull) {
      writeChunkIfFree();
    }
  }

  /** Whether the task's output passed the cap and the rest of it was dropped. */
  synchronized boolean cut() {
    return cut;
  }

  private String stamped(String line) {
    long millis = clock.millis();
    Stamp last = lastStamp;
    if (last.millis() != millis) {
      // A batch's tries start and end within the same millisecond: they share one formatting.
      last = new Stamp(millis, STAMP.format(Instant.ofEpochMilli(millis)));
      lastStamp = last;
    }
    return last.text() + line;
  }

  private record Stamp(long millis, String text) {}

  static String cutMarker(long atBytes) {
    return "[log cut at "
        + atBytes
        + " bytes: the rest of this try's output is not stored;"
        + " raise logs.max_bytes_per_try to keep more]";
  }

  /** Queues a line; true when a chunk is full and the store is not known to be away. */
  private boolean add(String masked) {
    pending.add(masked);
    pendingChars += masked.length();
    return pending.size() >= CHUNK_LINES && !storeAway;
  }

  /**
   * Writes the pending lines unless a write is under way: another thread's write takes these lines
   * too or leaves them to the next flush, and a write on this thread (a statement logged while
   * storing) must not start another.
   */
  private void writeChunkIfFree() {
    if (writing.isHeldByCurrentThread() || !writing.tryLock()) {
      return;
    }
    try {
      writePending();
    } catch (RuntimeException e) {
      // The database is away: the lines stay pending, written by a later flush or with the
      // outcome once it is back, and the task that logged them neither fails nor waits for it.
      synchronized (this) {
        storeAway = true;
      }
    } finally {
      writing.unlock();
    }
  }

  /** Writes every pending line now, after any write under way; throws when the store fails. */
  void flush() {
    writing.lock();
    try {
      writePending();
    } finally {
      writing.unlock();
    }
  }

  /** Called holding {@link #writing}: only the holder removes lines from the front. */
  private void writePending() {
    List<String> lines;
    synchronized (this) {
      if (pending.isEmpty()) {
        return;
      }
      lines = List.copyOf(pending);
    }
    store.append(taskInstanceId, tryNumber, lines);
    synchronized (this) {
      pending.subList(0, lines.size()).clear();
      lines.forEach(written -> pendingChars -= written.length());
      storeAway = false;
    }
  }

  /** Hands the pending lines to a batch that the caller writes, instead of writing them now. */
  void flush(List<LogLines> batch) {
    writing.lock();
    try {
      synchronized (this) {
        if (!pending.isEmpty()) {
          batch.add(new LogLines(taskInstanceId, tryNumber, List.copyOf(pending)));
          pending.clear();
          pendingChars = 0;
        }
      }
    } finally {
      writing.unlock();
    }
  }

  /**
   * Takes back lines handed to a batch that could not be written, before any written since, so a
   * try whose outcome is recorded later keeps its whole log in order.
   */
  void putBack(List<LogLines> unwritten) {
    List<String> back = new ArrayList<>();
    for (LogLines l : unwritten) {
      if (l.taskInstanceId() == taskInstanceId && l.tryNumber() == tryNumber) {
        back.addAll(l.lines());
      }
    }
    writing.lock();
    try {
      synchronized (this) {
        pending.addAll(0, back);
        back.forEach(line -> pendingChars += line.length());
      }
    } finally {
      writing.unlock();
    }
  }

  /** Characters of the lines not written yet: what holding this log costs in memory. */
  synchronized long pendingChars() {
    return pendingChars;
  }
}
