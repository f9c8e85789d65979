package io.updraft.core.auth;

import io.updraft.core.auth.AccountChangeException.Reason;
import java.util.List;

/**
 * Changing existing users: password, role, disable, enable, delete, and their API tokens. The CLI
 * and the API both go through here. A new password, a disable or a delete ends every session and
 * token of the user at once; the last enabled admin cannot be deleted, disabled or demoted, so
 * somebody can always manage users.
 */
public final class UserLifecycle {
  private final UserStore store;
  private final Passwords passwords;

  public UserLifecycle(UserStore store, Passwords passwords) {
    this.store = store;
    this.passwords = passwords;
  }

  /** Sets a new password and signs the user out everywhere. */
  public void setPassword(String username, String password) {
    UserAccounts.checkPassword(username, password);
    String hash = passwords.hash(password);
    change(
        username,
        (user, admins, editor) -> {
          editor.setPasswordHash(hash);
          editor.endCredentials();
          return user;
        });
  }

  public User setRole(String username, Role role) {
    return change(
        username,
        (user, admins, editor) -> {
          if (role != Role.ADMIN) {
            requireAnotherAdmin(user, admins, "give role " + role.wireName() + " to");
          }
          editor.setRole(role);
          return new User(user.username(), role, user.createdAt(), user.enabled());
        });
  }

  /** Disables the user and ends its sessions and tokens; it keeps its name and role. */
  public void disable(String username) {
    change(
        username,
        (user, admins, editor) -> {
          requireAnotherAdmin(user, admins, "disable");
          editor.setEnabled(false);
          editor.endCredentials();
          return user;
        });
  }

  public void enable(String username) {
    change(
        username,
        (user, admins, editor) -> {
          editor.setEnabled(true);
          return user;
        });
  }

  /** Deletes the user with its sessions and tokens. */
  public void delete(String username) {
    change(
        username,
        (user, admins, editor) -> {
          requireAnotherAdmin(user, admins, "delete");
          editor.delete();
          return user;
        });
  }

  /** The tokens of {@code username}, or of everybody when null; never the tokens themselves. */
  public List<TokenInfo> tokens(String username) {
    if (username != null && store.find(username).isEmpty()) {
      throw noSuchUser(username);
    }
    return store.tokens(username);
  }

  /**
   * Revokes the token with this id (see {@link TokenInfo#id}).
   *
   * @throws AccountChangeException when no token has that id
   */
  public void revokeToken(String id) {
    if (store.revokeToken(id) == 0) {
      throw new AccountChangeException(
          Reason.NO_SUCH_USER,
          "No API token has id '"
              + id
              + "'; ids are the "
              + TokenInfo.ID_LENGTH
              + " hex characters that listing tokens shows.");
    }
  }

  private <T> T change(String username, UserStore.UserChange<T> change) {
    return store.changeUser(username, change).orElseThrow(() -> noSuchUser(username));
  }

  private static void requireAnotherAdmin(User user, int enabledAdmins, String what) {
    if (user.role() == Role.ADMIN && user.enabled() && enabledAdmins <= 1) {
      throw new AccountChangeException(
          Reason.LAST_ADMIN,
          "'"
              + user.username()
              + "' is the last enabled admin; refusing to "
              + what
              + " it, or nobody could manage users. Make another user admin first.");
    }
  }

  private static AccountChangeException noSuchUser(String username) {
    return new AccountChangeException(
        Reason.NO_SUCH_USER, "No user '" + username + "'; listing users shows who exists.");
  }
}
