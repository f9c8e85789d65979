package io.updraft.queue;

import redis.clients.jedis.StreamEntryID;

/**
 * Where the XAUTOCLAIM scan of one stream's pending entries resumes, and when: right away while a
 * scan is under way, after a pause once it has gone round.
 */
record PendingScan(StreamEntryID cursor, long dueAtNanos) {
  static final StreamEntryID START = new StreamEntryID(0, 0);

  boolean isDue(long nowNanos) {
    return nowNanos - dueAtNanos >= 0;
  }

  static PendingScan after(StreamEntryID next, long nowNanos, long pauseNanos) {
    return START.equals(next)
        ? new PendingScan(START, nowNanos + pauseNanos)
        : new PendingScan(next, nowNanos);
  }
}
