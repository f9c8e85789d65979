package io.updraft.cli;

/** Bad input from the user: printed as one clear line, without a stack trace, exit code 2. */
final class UserError extends RuntimeException {
  UserError(String message) {
    super(message);
  }
}
