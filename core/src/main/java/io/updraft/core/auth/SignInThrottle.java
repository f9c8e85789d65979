package io.updraft.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing: counts failed sign-ins per username and per client address in a sliding
 * window, and past a limit refuses further attempts for a delay that doubles with each failure, so
 * a guess is refused before its password is hashed.
 *
 * <p>Kept in memory, per API process: several API processes behind a load balancer each allow the
 * limit, and a restart forgets. Unknown usernames are counted like known ones, so the throttle does
 * not tell which users exist. Limiting per username also lets a guesser lock its user out for a
 * while; the delay stays short (see {@link #MAX_DELAY}) for that reason.
 */
public final class SignInThrottle {
  /** Failures are counted over this long. */
  public static final Duration WINDOW = Duration.ofMinutes(15);

  /**
   * The first refusal lasts this long; each further failure doubles it, up to {@link #MAX_DELAY}.
   */
  public static final Duration FIRST_DELAY = Duration.ofSeconds(30);

  public static final Duration MAX_DELAY = Duration.ofMinutes(15);

  /** Beyond this many tracked keys, new usernames are not tracked (their address still is). */
  private static final int MAX_KEYS = 100_000;

  private final Clock clock;
  private final int perUser;
  private final int perAddress;
  private final Map<String, Deque<Instant>> failures = new HashMap<>();

  /**
   * @param perUser failures of one username allowed in the window before attempts are refused
   * @param perAddress the same for one client address (many usernames from one place)
   */
  public SignInThrottle(Clock clock, int perUser, int perAddress) {
    if (perUser < 1 || perAddress < 1) {
      throw new IllegalArgumentException("Sign-in limits must be at least 1");
    }
    this.clock = clock;
    this.perUser = perUser;
    this.perAddress = perAddress;
  }

  /** Five failures per username, twenty per client address. */
  public static SignInThrottle standard(Clock clock) {
    return new SignInThrottle(clock, 5, 20);
  }

  /** How long to wait before {@code username} may try again from {@code address}; empty: now. */
  public synchronized Optional<Duration> retryAfter(String username, String address) {
    Instant now = clock.instant();
    Duration wait = wait(userKey(username), perUser, now);
    Duration fromAddress = wait(addressKey(address), perAddress, now);
    Duration longest = wait.compareTo(fromAddress) >= 0 ? wait : fromAddress;
    return longest.isZero() ? Optional.empty() : Optional.of(longest);
  }

  public synchronized void failed(String username, String address) {
    Instant now = clock.instant();
    record(addressKey(address), now);
    record(userKey(username), now);
  }

  /** A successful sign-in forgets the user's failures (not the address's). */
  public synchronized void succeeded(String username) {
    failures.remove(userKey(username));
  }

  private Duration wait(String key, int limit, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return Duration.ZERO;
    }
    prune(times, now);
    if (times.isEmpty()) {
      failures.remove(key);
      return Duration.ZERO;
    }
    int over = times.size() - limit;
    if (over < 0) {
      return Duration.ZERO;
    }
    Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(over, 20));
    if (delay.compareTo(MAX_DELAY) > 0) {
      delay = MAX_DELAY;
    }
    Duration left = Duration.between(now, times.peekLast().plus(delay));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private void record(String key, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      if (failures.size() >= MAX_KEYS) {
        forgetExpired(now);
      }
      if (failures.size() >= MAX_KEYS && key.startsWith("u:")) {
        return;
      }
      times = new ArrayDeque<>();
      failures.put(key, times);
    }
    prune(times, now);
    times.addLast(now);
    // The delay is capped, so more than this many remembered failures changes nothing.
    while (times.size() > 64) {
      times.removeFirst();
    }
  }

  private void forgetExpired(Instant now) {
    Iterator<Deque<Instant>> it = failures.values().iterator();
    while (it.hasNext()) {
      Deque<Instant> times = it.next();
      prune(times, now);
      if (times.isEmpty()) {
        it.remove();
      }
    }
  }

  private static void prune(Deque<Instant> times, Instant now) {
    Instant horizon = now.minus(WINDOW);
    while (!times.isEmpty() && times.peekFirst().isBefore(horizon)) {
      times.removeFirst();
    }
  }

  private static String userKey(String username) {
    return "u:" + (username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT));
  }

  private static String addressKey(String address) {
    return "a:" + (address == null ? "" : address);
  }
}
