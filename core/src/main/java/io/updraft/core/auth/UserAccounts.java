package io.updraft.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Signing in and the credentials that follow from it: passwords, API tokens and UI sessions, over a
 * {@link UserStore}. The CLI and the API server both go through here.
 */
public final class UserAccounts {
  public static final Duration SESSION_LENGTH = Duration.ofHours(12);
  public static final Duration DEFAULT_TOKEN_LENGTH = Duration.ofDays(30);

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@-]{1,100}");
  private static final int MIN_PASSWORD_LENGTH = 8;

  /**
   * Basic auth sends the password with every request and a PBKDF2 check costs a good part of a
   * second by design, so a check that passed is remembered this long (keyed by a hash of the
   * credentials), together with the stored hash it matched: a remembered check holds only while the
   * user still exists, is enabled and has that same hash, which one indexed read tells.
   */
  static final Duration VERIFIED_CACHE_LENGTH = Duration.ofSeconds(60);

  /** How long a sign-in waits for a free password check before it is told to retry. */
  static final Duration CHECK_WAIT = Duration.ofSeconds(2);

  private final UserStore store;
  private final Passwords passwords;
  private final Clock clock;
  private final SignInThrottle throttle;

  /**
   * PBKDF2 is slow on purpose; checking many wrong passwords at once would take every core from the
   * requests of users already signed in. At most this many run at a time.
   */
  private final Semaphore checks;

  /** A hash that never verifies, checked for unknown users so timing does not tell who exists. */
  private final String dummyHash;

  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  private record Verified(User user, String passwordHash, Instant until) {}

  public UserAccounts(UserStore store, Passwords passwords, Clock clock) {
    this(
        store,
        passwords,
        clock,
        SignInThrottle.standard(clock),
        Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
  }

  /**
   * @param concurrentChecks password checks that may run at once
   */
  public UserAccounts(
      UserStore store,
      Passwords passwords,
      Clock clock,
      SignInThrottle throttle,
      int concurrentChecks) {
    this.store = store;
    this.passwords = passwords;
    this.clock = clock;
    this.throttle = throttle;
    this.checks = new Semaphore(concurrentChecks, true);
    this.dummyHash = passwords.hash(RandomTokens.newToken(12));
  }

  /**
   * Creates a user.
   *
   * @throws IllegalArgumentException with what to change when the username or password is not
   *     acceptable or the username is taken
   */
  public User create(String username, Role role, String password) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException(
          "Username '"
              + username
              + "' is not allowed; use 1 to 100 letters, digits, '_', '.', '@' or '-'");
    }
    checkPassword(username, password);
    Instant now = clock.instant();
    if (!store.create(username, passwords.hash(password), role, now)) {
      throw new IllegalArgumentException(
          "User '" + username + "' already exists; choose another username");
    }
    return new User(username, role, now);
  }

  static void checkPassword(String username, String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw new AccountChangeException(
          AccountChangeException.Reason.INVALID,
          "The password of '"
              + username
              + "' must have at least "
              + MIN_PASSWORD_LENGTH
              + " characters; leave it out to have one generated");
    }
  }

  /** Changing existing users and their tokens. */
  public UserLifecycle lifecycle() {
    return new UserLifecycle(store, passwords);
  }

  /** Every user, by username. */
  public java.util.List<User> users() {
    return store.list();
  }

  /** The user whose password this is, if any, without throttling (for tests and the CLI). */
  public Optional<User> authenticate(String username, String password) {
    return signIn(username, password, "local").user();
  }

  /**
   * Checks a password from {@code clientAddress}. Refused before any hashing when that user or
   * address failed too often lately ({@link SignInThrottle}), or when too many passwords are being
   * checked at once.
   */
  public SignIn signIn(String username, String password, String clientAddress) {
    if (username == null || password == null) {
      return SignIn.of(Optional.empty());
    }
    Optional<Duration> wait = throttle.retryAfter(username, clientAddress);
    if (wait.isPresent()) {
      return SignIn.refused(
          wait.get(),
          "Too many failed sign-ins for this user or from this address; wait before trying"
              + " again.");
    }
    Instant now = clock.instant();
    String key = RandomTokens.hash(username + "\u0000" + password);
    Optional<StoredUser> found = store.find(username).filter(u -> u.user().enabled());
    Verified known = verified.get(key);
    if (known != null
        && known.until().isAfter(now)
        && found.isPresent()
        && found.get().passwordHash().equals(known.passwordHash())) {
      return SignIn.of(Optional.of(found.get().user()));
    }
    String hash = found.map(StoredUser::passwordHash).orElse(dummyHash);
    boolean matches;
    try {
      if (!checks.tryAcquire(CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        return SignIn.refused(
            Duration.ofSeconds(1), "Too many sign-ins are being checked at once; try again.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SignIn.refused(Duration.ofSeconds(1), "The sign-in was interrupted; try again.");
    }
    try {
      matches = Passwords.verify(password, hash) && found.isPresent();
    } finally {
      checks.release();
    }
    if (!matches) {
      throttle.failed(username, clientAddress);
      return SignIn.of(Optional.empty());
    }
    throttle.succeeded(username);
    User user = found.get().user();
    if (verified.size() > 10_000) {
      verified.clear();
    }
    verified.put(key, new Verified(user, hash, now.plus(VERIFIED_CACHE_LENGTH)));
    return SignIn.of(Optional.of(user));
  }

  /** A new API token for the user; only its hash is stored, so this is the one time it is seen. */
  public String mintToken(String username, Duration validFor) {
    return mintToken(username, clock.instant().plus(validFor));
  }

  /** A new API token for the user that expires at {@code expiresAt}. */
  public String mintToken(String username, Instant expiresAt) {
    String token = RandomTokens.newToken(32);
    store.saveToken(RandomTokens.hash(token), username, clock.instant(), expiresAt);
    return token;
  }

  /** When a token expires, if it is one. */
  public Optional<Instant> tokenExpiry(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    return store.tokenExpiry(RandomTokens.hash(token.strip()));
  }

  public Optional<User> userForToken(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    return store.userForToken(RandomTokens.hash(token.strip()), clock.instant());
  }

  /** Opens a UI session; returns the session id the browser keeps in its cookie. */
  public String openSession(User user) {
    String id = RandomTokens.newToken(32);
    store.saveSession(
        RandomTokens.hash(id),
        user.username(),
        RandomTokens.newToken(32),
        clock.instant().plus(SESSION_LENGTH));
    return id;
  }

  public Optional<Session> session(String sessionId) {
    if (sessionId == null || sessionId.isBlank()) {
      return Optional.empty();
    }
    return store.findSession(RandomTokens.hash(sessionId), clock.instant());
  }

  public void closeSession(String sessionId) {
    if (sessionId != null && !sessionId.isBlank()) {
      store.deleteSession(RandomTokens.hash(sessionId));
    }
  }
}
