package io.updraft.core.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Users, API tokens and UI sessions. Tokens and session ids are stored only as hashes, so a copy of
 * the database signs nobody in.
 */
public interface UserStore {
  /** Creates a user; returns false when the username is taken. */
  boolean create(String username, String passwordHash, Role role, Instant at);

  Optional<StoredUser> find(String username);

  /** Every user, by username. */
  List<User> list();

  void saveToken(String tokenHash, String username, Instant createdAt, Instant expiresAt);

  /** The user of a token that has not expired at {@code now}. */
  Optional<User> userForToken(String tokenHash, Instant now);

  void saveSession(String idHash, String username, String csrfToken, Instant expiresAt);

  /** A session that has not expired at {@code now}. */
  Optional<Session> findSession(String idHash, Instant now);

  void deleteSession(String idHash);
}
