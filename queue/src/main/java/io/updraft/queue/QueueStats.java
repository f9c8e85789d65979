package io.updraft.queue;

import java.time.Duration;

/**
 * One queue's stream as a scrape sees it.
 *
 * @param messages messages not yet acked: waiting for a worker plus reserved by one (acked messages
 *     are deleted, so this is the stream's length)
 * @param reserved messages a worker reserved and has not acked yet (pending in the group)
 * @param oldestAge how long the oldest message not yet acked has been in the stream; zero when
 *     there is none
 */
public record QueueStats(String queue, long messages, long reserved, Duration oldestAge) {
  /** Messages no worker has taken yet. */
  public long waiting() {
    return Math.max(0, messages - reserved);
  }
}
