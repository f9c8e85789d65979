package io.updraft.scheduler;

import io.updraft.core.run.CallbackRequests;
import io.updraft.core.secrets.SecretMasker;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the callbacks the outbox asks for (runs that finished, deadlines missed, tries the
 * scheduler ended): claims the pending requests of the kinds it has a handler for, calls each
 * handler outside any state transaction and marks the request done, or failed with its error. A
 * callback that throws is logged and never tried again; a request whose scheduler stopped mid-way
 * is claimed again after {@link #STALE_AFTER}, at most {@link #MAX_ATTEMPTS} times, so a callback
 * runs at least once.
 */
final class CallCallbacks {
  private static final Logger LOG = LoggerFactory.getLogger(CallCallbacks.class);
  static final Duration STALE_AFTER = Duration.ofMinutes(5);
  static final int MAX_ATTEMPTS = 3;
  private static final int BATCH = 50;

  private final CallbackRequests requests;
  private final Clock clock;
  private final String owner;
  private final Map<String, CallbackHandler> handlers = new LinkedHashMap<>();

  CallCallbacks(CallbackRequests requests, Clock clock, String owner) {
    this.requests = requests;
    this.clock = clock;
    this.owner = owner;
  }

  /** Handles the requests of {@code kind} with {@code handler}; a kind has one handler. */
  CallCallbacks handling(String kind, CallbackHandler handler) {
    if (handlers.putIfAbsent(kind, handler) != null) {
      throw new IllegalArgumentException("Callback requests of kind '" + kind + "' have a handler");
    }
    return this;
  }

  /** Handles the requests waiting now; returns how many callbacks ran (well or not). */
  int runOnce() {
    int called = 0;
    for (CallbackRequests.Request request :
        requests.claim(
            handlers.keySet(), owner, BATCH, clock.instant(), STALE_AFTER, MAX_ATTEMPTS)) {
      try {
        if (handlers.get(request.kind()).handle(request)) {
          called++;
        }
        requests.done(request.id(), clock.instant());
      } catch (Exception | LinkageError | AssertionError e) {
        called++;
        // The callback may have put a connection's secret in its message: the chain that lent it
        // registered it, so masking here keeps it out of the log and the table.
        String error = SecretMasker.maskEverywhere(describe(e));
        LOG.warn(
            "The {} callback of request {} (run {}) failed and is not tried again: {}",
            request.kind(),
            request.id(),
            request.dagRunId(),
            error);
        requests.failed(request.id(), clock.instant(), error);
      }
    }
    return called;
  }

  /** The error and its causes, one line, without stack frames (which user code may fill). */
  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.toString());
    for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
      text.append("; caused by ").append(cause);
      if (cause.getCause() == cause) {
        break;
      }
    }
    return text.toString();
  }
}
