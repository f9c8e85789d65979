package io.updraft.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one log reader when logs are shipped: a try whose log was shipped ({@link ShippedLogs} says
 * where) is read from {@link RemoteLogStorage}, any other from PostgreSQL, so the API, the task
 * page and {@code updraft tasks logs} page through both alike. Writes go to PostgreSQL.
 */
public final class TieredTaskLogStore implements TaskLogStore {
  /** Shipped logs read recently: paging through one asks for it again page by page. */
  private static final int CACHED_LOGS = 4;

  private final TaskLogStore local;
  private final ShippedLogs shipped;
  private final RemoteLogStorage remote;
  private final Map<String, List<String>> cache =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
          return size() > CACHED_LOGS;
        }
      };

  public TieredTaskLogStore(TaskLogStore local, ShippedLogs shipped, RemoteLogStorage remote) {
    this.local = local;
    this.shipped = shipped;
    this.remote = remote;
  }

  @Override
  public void append(long taskInstanceId, int tryNumber, List<String> lines) {
    local.append(taskInstanceId, tryNumber, lines);
  }

  @Override
  public void appendAll(List<LogLines> batch) {
    local.appendAll(batch);
  }

  @Override
  public List<String> read(long taskInstanceId, int tryNumber) {
    return remoteLines(taskInstanceId, tryNumber)
        .orElseGet(() -> local.read(taskInstanceId, tryNumber));
  }

  @Override
  public List<LogChunk> chunksAfter(long taskInstanceId, int tryNumber, long afterId) {
    return chunksAfter(taskInstanceId, tryNumber, afterId, Integer.MAX_VALUE);
  }

  /** A shipped log reads as one chunk, id 1: the try has ended, so nothing follows it. */
  @Override
  public List<LogChunk> chunksAfter(long taskInstanceId, int tryNumber, long afterId, int max) {
    Optional<List<String>> lines = remoteLines(taskInstanceId, tryNumber);
    if (lines.isEmpty()) {
      return local.chunksAfter(taskInstanceId, tryNumber, afterId, max);
    }
    return afterId < 1 && max > 0 && !lines.get().isEmpty()
        ? List.of(new LogChunk(1, String.join("\n", lines.get())))
        : List.of();
  }

  @Override
  public int lineCount(long taskInstanceId, int tryNumber) {
    return remoteLines(taskInstanceId, tryNumber)
        .map(List::size)
        .orElseGet(() -> local.lineCount(taskInstanceId, tryNumber));
  }

  @Override
  public List<String> lines(long taskInstanceId, int tryNumber, int offset, int limit) {
    Optional<List<String>> lines = remoteLines(taskInstanceId, tryNumber);
    if (lines.isEmpty()) {
      return local.lines(taskInstanceId, tryNumber, offset, limit);
    }
    List<String> all = lines.get();
    int from = Math.min(Math.max(offset, 0), all.size());
    return List.copyOf(all.subList(from, (int) Math.min((long) from + limit, all.size())));
  }

  private Optional<List<String>> remoteLines(long taskInstanceId, int tryNumber) {
    Optional<String> location = shipped.location(taskInstanceId, tryNumber);
    if (location.isEmpty()) {
      return Optional.empty();
    }
    String where = location.get();
    synchronized (cache) {
      List<String> cached = cache.get(where);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    List<String> lines;
    try {
      lines = List.copyOf(remote.read(where));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "The log of try "
              + tryNumber
              + " of task instance "
              + taskInstanceId
              + " was shipped to "
              + where
              + " and cannot be read back ("
              + e.getMessage()
              + "); check logs.remote.connection_id and that the object still exists",
          e);
    }
    synchronized (cache) {
      cache.put(where, lines);
    }
    return Optional.of(lines);
  }
}
