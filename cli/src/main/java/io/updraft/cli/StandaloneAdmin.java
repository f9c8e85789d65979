package io.updraft.cli;

import io.updraft.core.auth.Passwords;
import io.updraft.core.auth.Role;
import java.io.PrintStream;

/**
 * The first user of a standalone: an admin with a generated password, printed once when created. A
 * standalone that already has users (its data survives restarts) creates none.
 */
final class StandaloneAdmin {
  static final String USERNAME = "admin";

  private StandaloneAdmin() {}

  /** Creates the admin when there are no users; returns its password, else null. */
  static String createIfNoUsers(Backends b) {
    if (!b.users.list().isEmpty()) {
      return null;
    }
    String password = Passwords.generate();
    UsersCommand.create(b, USERNAME, Role.ADMIN, password);
    return password;
  }

  static void print(String password, PrintStream out) {
    if (password == null) {
      out.println(
          "Sign in with an existing user; 'updraft users create --username NAME --role admin'"
              + " adds one.");
      return;
    }
    out.println("Sign in as '" + USERNAME + "' with password: " + password);
    out.println("(shown only this once; 'updraft users create' adds more users)");
  }
}
