package io.updraft.core.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of a sign-in attempt: the user, or no user, or "not now" with how long to wait (too
 * many failures, or too many passwords being checked at once).
 *
 * @param retryAfter null unless the attempt was refused without checking the password
 */
public record SignIn(Optional<User> user, Duration retryAfter, String refusal) {
  static SignIn of(Optional<User> user) {
    return new SignIn(user, null, null);
  }

  static SignIn refused(Duration retryAfter, String why) {
    return new SignIn(Optional.empty(), retryAfter, why);
  }

  public boolean throttled() {
    return retryAfter != null;
  }

  /** Whole seconds to wait, at least 1, for a {@code Retry-After} header. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
