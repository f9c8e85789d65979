package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.run.LogChunk;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.secrets.SecretMasker;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferedTaskLogCapTest {
  /** The log store while the database is away: every write fails, as PostgreSQL's would. */
  private static final class AwayStore implements TaskLogStore {
    @Override
    public void append(long taskInstanceId, int tryNumber, List<String> lines) {
      throw new IllegalStateException("database away");
    }

    @Override
    public List<String> read(long taskInstanceId, int tryNumber) {
      throw new IllegalStateException("database away");
    }

    @Override
    public List<LogChunk> chunksAfter(long taskInstanceId, int tryNumber, long afterId) {
      throw new IllegalStateException("database away");
    }

    @Override
    public List<LogChunk> chunksAfter(long taskInstanceId, int tryNumber, long afterId, int max) {
      throw new IllegalStateException("database away");
    }

    @Override
    public int lineCount(long taskInstanceId, int tryNumber) {
      throw new IllegalStateException("database away");
    }

    @Override
    public List<String> lines(long taskInstanceId, int tryNumber, int offset, int limit) {
      throw new IllegalStateException("database away");
    }

    @Override
    public void appendAll(List<LogLines> batch) {
      throw new IllegalStateException("database away");
    }
  }

  @Test
  void while_the_database_is_away_a_flooding_try_holds_no_more_than_its_cap_in_memory() {
    BufferedTaskLog log =
        new BufferedTaskLog(new AwayStore(), 1, 1, new SecretMasker(), 10_000, Clock.systemUTC());

    for (int i = 0; i < 100_000; i++) {
      log.info("y".repeat(99));
    }
    log.updraftLine("Task succeeded in 5 ms");

    String marker = BufferedTaskLog.cutMarker(10_000);
    assertThat(log.cut()).isTrue();
    assertThat(log.pendingChars()).isLessThanOrEqualTo(10_000 + marker.length() + 2 * 27 + 30);
  }

  @Test
  void a_multibyte_line_counts_its_utf8_bytes() {
    assertThat(Utf8.length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
  }
}
