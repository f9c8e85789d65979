package io.updraft.cli;

import io.updraft.core.auth.AccountChangeException;
import io.updraft.core.auth.Passwords;
import io.updraft.core.auth.Role;
import io.updraft.core.auth.UserLifecycle;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code updraft users delete|disable|enable|set-password|set-role}. A new password, a disable or a
 * delete ends the user's sessions and API tokens; the last enabled admin is never removed.
 */
final class UsersLifecycleCommands {
  private UsersLifecycleCommands() {}

  /** Runs {@code change} over the database, a refusal becoming exit code 2 with its reason. */
  static void change(ConfigOption config, java.util.function.Consumer<UserLifecycle> change) {
    try (Backends b = Backends.open(config.loadConnected(), true)) {
      change.accept(new UserLifecycle(b.users, Passwords.standard()));
    } catch (AccountChangeException e) {
      throw new UserError(e.getMessage());
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a user with its sessions and API tokens (never the last admin).")
  static final class Delete implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;

    @Override
    public Integer call() {
      change(config, users -> users.delete(username));
      System.out.println("Deleted user " + username + "; its sessions and tokens ended.");
      return 0;
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description =
          "Stop a user signing in, and end its sessions and API tokens (never the last admin).")
  static final class Disable implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;

    @Override
    public Integer call() {
      change(config, users -> users.disable(username));
      System.out.println("Disabled user " + username + "; its sessions and tokens ended.");
      return 0;
    }
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Let a disabled user sign in again (its old tokens stay revoked).")
  static final class Enable implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;

    @Override
    public Integer call() {
      change(config, users -> users.enable(username));
      System.out.println("Enabled user " + username);
      return 0;
    }
  }

  @Command(
      name = "set-password",
      mixinStandardHelpOptions = true,
      description = {
        "Set a user's password, and end its sessions and API tokens.",
        "Without --password or --password-file, a password is generated and printed once."
      })
  static final class SetPassword implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Mixin PasswordOptions passwordOptions;

    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;

    @Override
    public Integer call() {
      String given = passwordOptions.password();
      String password = given == null ? Passwords.generate() : given;
      change(config, users -> users.setPassword(username, password));
      System.out.println("Set the password of " + username + "; its sessions and tokens ended.");
      if (given == null) {
        System.out.println("Password: " + password);
        System.out.println("It is shown only this once; store it now.");
      }
      return 0;
    }
  }

  @Command(
      name = "set-role",
      mixinStandardHelpOptions = true,
      description = "Give a user another role: viewer, op or admin (never demote the last admin).")
  static final class SetRole implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;

    @Parameters(index = "1", paramLabel = "ROLE", description = "viewer, op or admin")
    String role;

    @Override
    public Integer call() {
      Role parsed;
      try {
        parsed = Role.fromWireName(role);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      change(config, users -> users.setRole(username, parsed));
      System.out.println("User " + username + " now has role " + parsed.wireName());
      return 0;
    }
  }
}
