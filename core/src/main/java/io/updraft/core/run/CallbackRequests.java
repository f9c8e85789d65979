package io.updraft.core.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable outbox of the callbacks the scheduler calls (Airflow's callback requests): a request
 * is written in the transaction that made it due, and claimed by one scheduler, which calls the
 * callback outside it and marks the request. Delivery is at least once: a request whose scheduler
 * stopped after claiming it is claimed again once stale.
 */
public interface CallbackRequests {

  /** A run finished; payload {@code state}: its final state. */
  String RUN_FINISHED = "run_finished";

  /** A run or a task missed its deadline; payload {@code deadline_miss_id}. */
  String DEADLINE_MISS = "deadline_miss";

  /**
   * The scheduler ended a try outside the worker (a zombie); payload {@code task_instance_id},
   * {@code try_number}, {@code state} (failed or up_for_retry) and {@code reason}.
   */
  String TASK_FAILED_BY_SCHEDULER = "task_failed_by_scheduler";

  /**
   * One request.
   *
   * @param kind what is due, one of the constants of {@link CallbackRequests}
   * @param payload ids and states, never a secret
   * @param attempt how many times it has been claimed, this time included
   */
  record Request(long id, String kind, long dagRunId, Map<String, Object> payload, int attempt) {
    public Request {
      payload = payload == null ? Map.of() : Map.copyOf(payload);
    }

    /** A text field of the payload. */
    public String text(String key) {
      Object value = payload.get(key);
      if (value == null) {
        throw new IllegalStateException(
            "Callback request " + id + " (" + kind + ") has no '" + key + "' in its payload");
      }
      return value.toString();
    }

    /** A number field of the payload. */
    public long number(String key) {
      return Long.parseLong(text(key));
    }
  }

  /**
   * Claims up to {@code limit} requests of the given kinds not done, skipping those another
   * scheduler holds; one claimed more than {@code staleAfter} ago (its scheduler stopped) is
   * claimed again, up to {@code maxAttempts} claims, after which it is kept as failed.
   */
  List<Request> claim(
      Set<String> kinds,
      String owner,
      int limit,
      Instant now,
      Duration staleAfter,
      int maxAttempts);

  /** The callback ran, or there was none to run: the request is removed. */
  void done(long requestId, Instant at);

  /** The callback threw: kept with its error (no secret in it), never claimed again. */
  void failed(long requestId, Instant at, String error);
}
