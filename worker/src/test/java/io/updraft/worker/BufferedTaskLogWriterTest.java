package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.run.LogChunk;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.secrets.SecretMasker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class BufferedTaskLogWriterTest {
  private static final Logger TASK_CODE = LoggerFactory.getLogger("dag.code");

  /** Keeps lines in memory and logs each write, as the JDBC driver and pool do at debug level. */
  private static final class LoggingStore implements TaskLogStore {
    private static final Logger DRIVER = LoggerFactory.getLogger("driver");
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void append(long taskInstanceId, int tryNumber, List<String> more) {
      DRIVER.info("writing {} lines", more.size());
      lines.addAll(more);
    }

    @Override
    public synchronized List<String> read(long taskInstanceId, int tryNumber) {
      return List.copyOf(lines);
    }

    @Override
    public List<LogChunk> chunksAfter(long taskInstanceId, int tryNumber, long afterId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<LogChunk> chunksAfter(long taskInstanceId, int tryNumber, long afterId, int max) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int lineCount(long taskInstanceId, int tryNumber) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<String> lines(long taskInstanceId, int tryNumber, int offset, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void appendAll(List<LogLines> batch) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void a_task_logging_through_slf4j_while_another_thread_writes_its_log_never_deadlocks()
      throws Exception {
    LoggingStore store = new LoggingStore();
    BufferedTaskLog log = new BufferedTaskLog(store, 42, 1, new SecretMasker());
    int count = 20_000;

    // Threads of their own: the common pool may have a single thread on a small machine.
    ExecutorService threads = Executors.newFixedThreadPool(2);
    Future<?> task =
        threads.submit(
            () -> {
              TaskLogAppender.Scope scope = TaskLogAppender.route(42, 1, log);
              for (int i = 0; i < count; i++) {
                TASK_CODE.info("line {}", i);
              }
              scope.close();
            });
    Future<?> flusher =
        threads.submit(
            () -> {
              while (!task.isDone()) {
                log.flush();
              }
            });
    threads.shutdown();

    // Before the fix the two threads waited for each other's lock within a few hundred lines.
    task.get(30, TimeUnit.SECONDS);
    flusher.get(10, TimeUnit.SECONDS);
    log.flush();

    List<String> stored = store.read(42, 1);
    assertThat(stored).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(stored.get(i)).endsWith("Z] INFO dag.code - line " + i);
    }
  }

  @Test
  void each_line_starts_with_the_utc_time_the_worker_took_it_to_the_millisecond() {
    LoggingStore store = new LoggingStore();
    Clock clock = Clock.fixed(Instant.parse("2026-12-05T16:58:07.120Z"), ZoneOffset.ofHours(9));
    BufferedTaskLog log = new BufferedTaskLog(store, 7, 1, new SecretMasker(), 1024, clock);

    log.info("reading users");
    log.info("line one\nline two");
    log.updraftLine("Task succeeded in 5 ms");
    log.flush();

    assertThat(store.read(7, 1))
        .containsExactly(
            "[2026-12-05T16:58:07.120Z] reading users",
            "[2026-12-05T16:58:07.120Z] line one\nline two",
            "[2026-12-05T16:58:07.120Z] Task succeeded in 5 ms");
  }

  @Test
  void logs_taking_lines_at_different_times_each_stamp_their_own_time() {
    LoggingStore early = new LoggingStore();
    LoggingStore late = new LoggingStore();
    BufferedTaskLog first =
        new BufferedTaskLog(
            early,
            7,
            1,
            new SecretMasker(),
            1024,
            Clock.fixed(Instant.parse("2026-12-05T16:58:07.120Z"), ZoneOffset.UTC));
    BufferedTaskLog second =
        new BufferedTaskLog(
            late,
            8,
            1,
            new SecretMasker(),
            1024,
            Clock.fixed(Instant.parse("2026-12-05T16:58:07.121Z"), ZoneOffset.UTC));

    first.info("a");
    second.info("b");
    first.info("c");
    second.updraftLine("d");
    first.flush();
    second.flush();

    assertThat(early.read(7, 1))
        .containsExactly("[2026-12-05T16:58:07.120Z] a", "[2026-12-05T16:58:07.120Z] c");
    assertThat(late.read(8, 1))
        .containsExactly("[2026-12-05T16:58:07.121Z] b", "[2026-12-05T16:58:07.121Z] d");
  }
}
