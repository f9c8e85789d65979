package io.updraft.cli;

import io.updraft.core.auth.Passwords;
import io.updraft.core.auth.Role;
import io.updraft.core.auth.User;
import io.updraft.core.auth.UserAccounts;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code updraft users ...}: the people and tools that may use the API and UI. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description =
        "Create, list and change users of the API and UI, and mint and revoke API tokens.",
    subcommands = {
      UsersCommand.Create.class,
      UsersCommand.ListUsers.class,
      UsersCommand.MintToken.class,
      UsersLifecycleCommands.Delete.class,
      UsersLifecycleCommands.Disable.class,
      UsersLifecycleCommands.Enable.class,
      UsersLifecycleCommands.SetPassword.class,
      UsersLifecycleCommands.SetRole.class,
      UsersTokensCommand.class
    })
final class UsersCommand {
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a user. Roles: viewer (reads), op (also triggers, pauses, clears, marks),"
            + " admin (also manages pools and users).",
        "Without --password, a password is generated and printed once."
      })
  static final class Create implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = "--username", required = true, paramLabel = "NAME")
    String username;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "viewer, op or admin")
    String role;

    @Mixin PasswordOptions passwordOptions;

    @Override
    public Integer call() {
      Role parsed;
      try {
        parsed = Role.fromWireName(role);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      String password = passwordOptions.password();
      boolean generated = password == null;
      String chosen = generated ? Passwords.generate() : password;
      try (Backends b = Backends.open(config.loadConnected(), true)) {
        User user = create(b, username, parsed, chosen);
        System.out.println("Created user " + user.username() + " with role " + parsed.wireName());
        if (generated) {
          System.out.println("Password: " + chosen);
          System.out.println("It is shown only this once; store it now.");
        }
        return 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users.")
  static final class ListUsers implements Runnable {
    @Mixin ConfigOption config;

    @Override
    public void run() {
      try (Backends b = Backends.forCommand(config.loadConnected())) {
        Table table = new Table("username", "role", "enabled", "created");
        for (User user : b.users.list()) {
          table.row(
              user.username(),
              user.role().wireName(),
              user.enabled() ? "yes" : "no",
              user.createdAt().toString());
        }
        table.print(System.out);
      }
    }
  }

  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description = "Mint an API token for a user (Authorization: Bearer TOKEN); shown once.")
  static final class MintToken implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = "--username", required = true, paramLabel = "NAME")
    String username;

    @Option(names = "--days", paramLabel = "DAYS", description = "Valid for (default: 30).")
    int days = 30;

    @Override
    public Integer call() {
      if (days < 1 || days > 365) {
        throw new UserError("--days must be from 1 to 365, got " + days);
      }
      try (Backends b = Backends.forCommand(config.loadConnected())) {
        if (b.users.find(username).isEmpty()) {
          throw new UserError(
              "No user '" + username + "'. See 'updraft users list', or create one first.");
        }
        System.out.println(accounts(b).mintToken(username, Duration.ofDays(days)));
        return 0;
      }
    }
  }

  static UserAccounts accounts(Backends b) {
    return new UserAccounts(b.users, Passwords.standard(), b.clock);
  }

  static User create(Backends b, String username, Role role, String password) {
    try {
      return accounts(b).create(username, role, password);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
