package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.auth.Passwords;
import io.updraft.core.auth.Role;
import io.updraft.core.auth.UserAccounts;
import io.updraft.core.config.ConfigLoader;
import io.updraft.testing.PostgresExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code updraft users delete|disable|enable|set-password|set-role|tokens} and secrets read from
 * standard input or a file, against a real PostgreSQL.
 */
@ExtendWith(PostgresExtension.class)
class UsersLifecycleCommandTest {
  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void writeConfig() throws Exception {
    config = TestConfigs.write(dir, TestConfigs.database());
  }

  private CliRun run(String... args) {
    return CliRun.withConfig(config, args);
  }

  private CliRun runWithStdin(String stdin, String... args) {
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      return run(args);
    } finally {
      System.setIn(original);
    }
  }

  private <T> T withAccounts(Function<UserAccounts, T> work) {
    try (Backends b = Backends.open(ConfigLoader.load(config, Map.of()), true)) {
      return work.apply(new UserAccounts(b.users, new Passwords(1_000), Clock.systemUTC()));
    }
  }

  private boolean signsIn(String username, String password) {
    return withAccounts(a -> a.authenticate(username, password).isPresent());
  }

  private boolean tokenWorks(String token) {
    return withAccounts(a -> a.userForToken(token).isPresent());
  }

  private Role roleOf(String username, String password) {
    return withAccounts(a -> a.authenticate(username, password).orElseThrow().role());
  }

  @Test
  void a_password_read_from_standard_input_or_a_file_never_appears_in_the_arguments()
      throws Exception {
    CliRun created =
        runWithStdin(
            "from-stdin-pw\n",
            "users",
            "create",
            "--username",
            "ann",
            "--role",
            "op",
            "--password",
            "-");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).doesNotContain("from-stdin-pw");
    assertThat(signsIn("ann", "from-stdin-pw")).isTrue();

    Path file = dir.resolve("pw");
    Files.writeString(file, "from-file-pw\n");
    CliRun changed = run("users", "set-password", "ann", "--password-file", file.toString());
    assertThat(changed.exitCode()).as(changed.err()).isZero();
    assertThat(signsIn("ann", "from-file-pw")).isTrue();
    assertThat(signsIn("ann", "from-stdin-pw")).isFalse();

    assertThat(run("users", "create", "--help").out().replaceAll("\\s+", " "))
        .contains("standard input", "--password-file");
    assertThat(run("users", "set-password", "--help").out().replaceAll("\\s+", " "))
        .contains("standard input");
    assertThat(runWithStdin("", "users", "set-password", "ann", "--password", "-").err())
        .contains("standard input was empty");
  }

  @Test
  void set_password_disable_and_delete_end_the_users_tokens() {
    run("users", "create", "--username", "ann", "--role", "admin", "--password", "first-pw-1");
    run("users", "create", "--username", "bob", "--role", "op", "--password", "first-pw-1");
    String token = withAccounts(a -> a.mintToken("bob", Duration.ofDays(1)));
    assertThat(tokenWorks(token)).isTrue();

    assertThat(run("users", "set-password", "bob", "--password", "second-pw-2").exitCode())
        .isZero();
    assertThat(tokenWorks(token)).isFalse();

    String second = withAccounts(a -> a.mintToken("bob", Duration.ofDays(1)));
    assertThat(run("users", "disable", "bob").exitCode()).isZero();
    assertThat(tokenWorks(second)).isFalse();
    assertThat(signsIn("bob", "second-pw-2")).isFalse();
    assertThat(run("users", "list").out()).containsPattern("bob\\s+op\\s+no");

    assertThat(run("users", "enable", "bob").exitCode()).isZero();
    assertThat(signsIn("bob", "second-pw-2")).isTrue();

    assertThat(run("users", "set-role", "bob", "viewer").exitCode()).isZero();
    assertThat(roleOf("bob", "second-pw-2")).isEqualTo(Role.VIEWER);
    assertThat(run("users", "delete", "bob").exitCode()).isZero();
    assertThat(signsIn("bob", "second-pw-2")).isFalse();
    assertThat(run("users", "delete", "bob").err()).contains("No user 'bob'");
  }

  @Test
  void the_last_admin_is_never_deleted_disabled_or_demoted() {
    run("users", "create", "--username", "ann", "--role", "admin", "--password", "first-pw-1");

    for (String[] args :
        new String[][] {
          {"users", "delete", "ann"},
          {"users", "disable", "ann"},
          {"users", "set-role", "ann", "op"}
        }) {
      CliRun refused = run(args);
      assertThat(refused.exitCode()).isEqualTo(2);
      assertThat(refused.err()).contains("last enabled admin", "Make another user admin first");
    }
    assertThat(roleOf("ann", "first-pw-1")).isEqualTo(Role.ADMIN);
  }

  @Test
  void tokens_are_listed_by_id_and_revoked_by_it() {
    run("users", "create", "--username", "ann", "--role", "viewer", "--password", "first-pw-1");
    String token = withAccounts(a -> a.mintToken("ann", Duration.ofDays(1)));

    CliRun listed = run("users", "tokens", "list", "--username", "ann");
    assertThat(listed.out()).contains("ann").doesNotContain(token);
    String id = listed.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
    assertThat(id).hasSize(12);

    assertThat(run("users", "tokens", "revoke", id).exitCode()).isZero();
    assertThat(tokenWorks(token)).isFalse();
    assertThat(run("users", "tokens", "revoke", id).exitCode()).isEqualTo(2);
  }

  @Test
  void a_connection_uri_read_from_standard_input_is_stored() throws Exception {
    Files.writeString(
        config,
        Files.readString(config)
            + "secrets:\n  fernet_key: "
            + io.updraft.sql.FernetCipher.generateKey()
            + "\n");
    assertThat(run("db", "migrate").exitCode()).isZero();
    CliRun added =
        runWithStdin(
            "postgres://etl:piped-pw@db.example.com/sales\n",
            "connections",
            "add",
            "sales_db",
            "--conn-uri",
            "-");
    assertThat(added.exitCode()).as(added.err()).isZero();
    CliRun shown = run("connections", "get", "sales_db", "-o", "uri", "--reveal");
    assertThat(shown.out()).contains("postgres://etl:piped-pw@db.example.com/sales");
    assertThat(run("connections", "add", "--help").out().replaceAll("\\s+", " "))
        .contains("standard input");
  }

  @Test
  void config_show_masks_passwords_in_database_and_redis_urls() throws Exception {
    Path shown = dir.resolve("shown.yaml");
    Files.writeString(
        shown,
        "database:\n  url: jdbc:postgresql://etl:UserInfoPw@db/updraft?password=ParamPw\n"
            + "redis:\n  url: redis://:RedisPw@cache:6379\n");
    CliRun result = CliRun.of("config", "show", "--config", shown.toString());
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("db/updraft", "cache:6379")
        .doesNotContain("UserInfoPw", "ParamPw", "RedisPw");
  }
}
