package io.updraft.core.secrets;

/**
 * A connection id or variable key that no backend may be asked for: it could name something outside
 * the place the admin configured. The message names the id and the rule, never a value.
 */
public final class InvalidSecretIdException extends IllegalArgumentException {
  public InvalidSecretIdException(String message) {
    super(message);
  }
}
