package io.updraft.cli;

import io.updraft.core.auth.TokenInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code updraft users tokens list|revoke}: API tokens by id; a token itself is never shown. */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = "List and revoke API tokens.",
    subcommands = {UsersTokensCommand.ListTokens.class, UsersTokensCommand.Revoke.class})
final class UsersTokensCommand {
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List API tokens by id (never the tokens), newest first.")
  static final class ListTokens implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = "--username", paramLabel = "NAME", description = "Only this user's tokens.")
    String username;

    @Override
    public Integer call() {
      List<TokenInfo> tokens = new ArrayList<>();
      UsersLifecycleCommands.change(config, users -> tokens.addAll(users.tokens(username)));
      Table table = new Table("id", "username", "created", "expires");
      for (TokenInfo t : tokens) {
        table.row(t.id(), t.username(), t.createdAt().toString(), t.expiresAt().toString());
      }
      table.print(System.out);
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke an API token by the id 'users tokens list' shows.")
  static final class Revoke implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "TOKEN_ID")
    String id;

    @Override
    public Integer call() {
      UsersLifecycleCommands.change(config, users -> users.revokeToken(id));
      System.out.println("Revoked token " + id);
      return 0;
    }
  }
}
