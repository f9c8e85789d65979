package io.updraft.core.run;

import java.util.List;

/** Task logs per try, stored in chunks so they can be read while the task runs. */
public interface TaskLogStore {
  void append(long taskInstanceId, int tryNumber, List<String> lines);

  List<String> read(long taskInstanceId, int tryNumber);

  /** The try's chunks written after the chunk {@code afterId} (0 for all), oldest first. */
  List<LogChunk> chunksAfter(long taskInstanceId, int tryNumber, long afterId);

  /** At most {@code max} of the try's chunks written after the chunk {@code afterId}. */
  List<LogChunk> chunksAfter(long taskInstanceId, int tryNumber, long afterId, int max);

  /** How many lines the try's log has, as {@link #read} would return them. */
  int lineCount(long taskInstanceId, int tryNumber);

  /**
   * Up to {@code limit} lines of the try's log from line {@code offset} (0 first) on: a page of
   * what {@link #read} returns, without loading the rest.
   */
  List<String> lines(long taskInstanceId, int tryNumber, int offset, int limit);

  /** Appends to several tries' logs in one batch. */
  void appendAll(List<LogLines> batch);
}
