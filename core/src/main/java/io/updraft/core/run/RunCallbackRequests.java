package io.updraft.core.run;

import io.updraft.core.state.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The durable outbox of DAG run callbacks: a request is written in the transaction that finishes a
 * run, and claimed by one scheduler, which runs the callback outside it and marks the request.
 */
public interface RunCallbackRequests {

  /** A run that finished in {@code state} and whose DAG's callback, if any, is due. */
  record Request(long id, long dagRunId, RunState state) {}

  /**
   * Claims up to {@code limit} requests not done, skipping those another scheduler holds; one
   * claimed more than {@code staleAfter} ago (its scheduler stopped) is claimed again.
   */
  List<Request> claim(String owner, int limit, Instant now, Duration staleAfter);

  /** The callback ran, or there was none to run: the request is removed. */
  void done(long requestId, Instant at);

  /** The callback threw: kept with its error, never claimed again. */
  void failed(long requestId, Instant at, String error);
}
