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

  /** The enabled user of a token that has not expired at {@code now}. */
  Optional<User> userForToken(String tokenHash, Instant now);

  /** When a token expires, if it exists. */
  Optional<Instant> tokenExpiry(String tokenHash);

  void saveSession(String idHash, String username, String csrfToken, Instant expiresAt);

  /** A session of an enabled user that has not expired at {@code now}. */
  Optional<Session> findSession(String idHash, Instant now);

  void deleteSession(String idHash);

  /**
   * Applies {@code change} to a user in one transaction that first locks every enabled admin, so
   * that two changes at once cannot both remove the last one.
   *
   * @return what {@code change} returned; empty when there is no such user
   */
  <T> Optional<T> changeUser(String username, UserChange<T> change);

  /** Every API token of {@code username} (all users when null), newest first. */
  List<TokenInfo> tokens(String username);

  /** Deletes the tokens whose id ({@link TokenInfo#id}) is {@code id}; returns how many. */
  int revokeToken(String id);

  /** A change of one user, made under the lock of {@link #changeUser}. */
  interface UserChange<T> {
    T apply(User user, int enabledAdmins, UserEditor editor);
  }

  /** What {@link UserChange} may do to its user; ending a user's credentials is explicit. */
  interface UserEditor {
    void setPasswordHash(String hash);

    void setRole(Role role);

    void setEnabled(boolean enabled);

    void delete();

    /** Ends every session and API token of the user. */
    void endCredentials();
  }
}
