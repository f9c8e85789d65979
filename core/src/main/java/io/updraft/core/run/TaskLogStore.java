package io.updraft.core.run;

import java.util.List;

/** Task logs per try, stored in chunks so they can be read while the task runs. */
public interface TaskLogStore {
  void append(long taskInstanceId, int tryNumber, List<String> lines);

  List<String> read(long taskInstanceId, int tryNumber);

  /** The try's chunks written after the chunk {@code afterId} (0 for all), oldest first. */
  List<LogChunk> chunksAfter(long taskInstanceId, int tryNumber, long afterId);

  /** Appends to several tries' logs in one batch. */
  void appendAll(List<LogLines> batch);
}
