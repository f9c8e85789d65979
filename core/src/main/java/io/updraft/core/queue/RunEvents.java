package io.updraft.core.queue;

import java.util.function.LongConsumer;

/**
 * Wake-up calls: "something changed in this run, plan it again". They may be lost; a periodic sweep
 * catches up, so they only make things fast, never correct.
 */
public interface RunEvents extends AutoCloseable {
  void publish(long dagRunId);

  /** Calls {@code listener} with each run id published, on a thread of its own, until closed. */
  AutoCloseable subscribe(LongConsumer listener);

  @Override
  void close();
}
