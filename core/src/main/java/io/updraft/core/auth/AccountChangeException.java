package io.updraft.core.auth;

/** A change of a user that cannot be made, saying why and what to do instead. */
public final class AccountChangeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Why: for the API's status code and the CLI's exit. */
  public enum Reason {
    NO_SUCH_USER,
    LAST_ADMIN,
    INVALID
  }

  private final Reason reason;

  AccountChangeException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
