package io.updraft.core.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The record of tries whose log was shipped to {@link RemoteLogStorage}, and where to. */
public interface ShippedLogs {
  /** Where the try's log was shipped; empty while PostgreSQL holds it. */
  Optional<String> location(long taskInstanceId, int tryNumber);

  /**
   * Records that the try's log is at {@code location} and deletes its lines from PostgreSQL, in one
   * transaction: a reader finds the log in one place or the other, never in neither.
   */
  void recordShipped(long taskInstanceId, int tryNumber, String location);

  /** The task instance's tries, up to {@code upToTry}, whose lines are still in PostgreSQL. */
  List<Integer> triesHeld(long taskInstanceId, int upToTry);

  /**
   * At most {@code limit} tries whose lines are still in PostgreSQL although they ended before
   * {@code endedBefore}: tries whose task instance has ended (or gone on to a later try) and whose
   * worker never shipped them, because it died and the scheduler ended the try, or its upload
   * failed and no later try came to catch it up.
   */
  List<TryLogId> endedTriesHeld(Instant endedBefore, int limit);
}
