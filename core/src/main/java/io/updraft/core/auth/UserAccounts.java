package io.updraft.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
   * credentials). A changed or removed user is therefore noticed within this time.
   */
  static final Duration VERIFIED_CACHE_LENGTH = Duration.ofSeconds(60);

  private final UserStore store;
  private final Passwords passwords;
  private final Clock clock;

  /** A hash that never verifies, checked for unknown users so timing does not tell who exists. */
  private final String dummyHash;

  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  private record Verified(User user, Instant until) {}

  public UserAccounts(UserStore store, Passwords passwords, Clock clock) {
    this.store = store;
    this.passwords = passwords;
    this.clock = clock;
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
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "The password of '"
              + username
              + "' must have at least "
              + MIN_PASSWORD_LENGTH
              + " characters; leave it out to have one generated");
    }
    Instant now = clock.instant();
    if (!store.create(username, passwords.hash(password), role, now)) {
      throw new IllegalArgumentException(
          "User '" + username + "' already exists; choose another username");
    }
    return new User(username, role, now);
  }

  /** The user whose password this is, if any. */
  public Optional<User> authenticate(String username, String password) {
    if (username == null || password == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    String key = RandomTokens.hash(username + "\u0000" + password);
    Verified known = verified.get(key);
    if (known != null && known.until().isAfter(now)) {
      return Optional.of(known.user());
    }
    Optional<StoredUser> found = store.find(username);
    String hash = found.map(StoredUser::passwordHash).orElse(dummyHash);
    boolean matches = Passwords.verify(password, hash) && found.isPresent();
    if (!matches) {
      return Optional.empty();
    }
    User user = found.get().user();
    if (verified.size() > 10_000) {
      verified.clear();
    }
    verified.put(key, new Verified(user, now.plus(VERIFIED_CACHE_LENGTH)));
    return Optional.of(user);
  }

  /** A new API token for the user; only its hash is stored, so this is the one time it is seen. */
  public String mintToken(String username, Duration validFor) {
    String token = RandomTokens.newToken(32);
    Instant now = clock.instant();
    store.saveToken(RandomTokens.hash(token), username, now, now.plus(validFor));
    return token;
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
