package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.auth.Passwords;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code updraft users ...} against a real PostgreSQL. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class UsersCommandTest {
  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void writeConfig() throws Exception {
    config = TestConfigs.write(dir, TestConfigs.database());
  }

  private CliRun run(String... args) {
    return CliRun.withConfig(config, args);
  }

  @Test
  void a_user_created_without_a_password_gets_a_generated_one_printed_once_and_stored_hashed() {
    CliRun created = run("users", "create", "--username", "ada", "--role", "admin");

    assertThat(created.exitCode()).isZero();
    Matcher m = Pattern.compile("Password: (\\S+)").matcher(created.out());
    assertThat(m.find()).isTrue();
    String password = m.group(1);
    try (Backends b =
        Backends.open(
            io.updraft.core.config.ConfigLoader.load(config, java.util.Map.of()), false)) {
      String hash = b.users.find("ada").orElseThrow().passwordHash();
      assertThat(hash).doesNotContain(password);
      assertThat(Passwords.verify(password, hash)).isTrue();
    }
    CliRun listed = run("users", "list");
    assertThat(listed.out()).contains("ada", "admin").doesNotContain(password);
  }

  @Test
  void an_unknown_role_is_exit_code_2_naming_the_roles() {
    CliRun result = run("users", "create", "--username", "ada", "--role", "root");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown role 'root'", "viewer, op, admin");
  }

  @Test
  void a_token_is_minted_only_for_an_existing_user() {
    run("users", "create", "--username", "ci", "--role", "op", "--password", "long-enough-pw");

    CliRun minted = run("users", "token", "--username", "ci", "--days", "3");
    CliRun unknown = run("users", "token", "--username", "nobody");

    assertThat(minted.exitCode()).isZero();
    assertThat(minted.out().strip()).hasSizeGreaterThan(30);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("No user 'nobody'");
  }

  @Test
  void a_standalone_creates_an_admin_with_a_generated_password_only_when_there_are_no_users() {
    try (Backends b =
        Backends.open(io.updraft.core.config.ConfigLoader.load(config, java.util.Map.of()), true)) {
      String first = StandaloneAdmin.createIfNoUsers(b);
      String second = StandaloneAdmin.createIfNoUsers(b);

      assertThat(first).hasSizeGreaterThanOrEqualTo(24);
      assertThat(second).isNull();
      assertThat(b.users.find("admin").orElseThrow().user().role())
          .isEqualTo(io.updraft.core.auth.Role.ADMIN);
      assertThat(Passwords.verify(first, b.users.find("admin").orElseThrow().passwordHash()))
          .isTrue();
    }
  }
}
