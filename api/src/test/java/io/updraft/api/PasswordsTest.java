package io.updraft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.auth.Passwords;
import io.updraft.core.auth.Role;
import io.updraft.testing.PostgresExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PasswordsTest {
  private TestApi api;

  @BeforeEach
  void connect() {
    api = TestApi.connect();
  }

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void a_hash_verifies_only_its_own_password_and_never_contains_it() {
    String hash = new Passwords(1_000).hash("correct horse");

    assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct horse");
    assertThat(Passwords.verify("correct horse", hash)).isTrue();
    assertThat(Passwords.verify("correct horse!", hash)).isFalse();
    assertThat(Passwords.verify("correct horse", "md5$whatever")).isFalse();
    assertThat(new Passwords(1_000).hash("correct horse")).isNotEqualTo(hash);
  }

  @Test
  void a_generated_password_is_long_and_different_each_time() {
    assertThat(Passwords.generate()).hasSizeGreaterThanOrEqualTo(24);
    assertThat(Passwords.generate()).isNotEqualTo(Passwords.generate());
  }

  @Test
  void users_need_a_plain_username_a_long_enough_password_and_a_free_name() {
    assertThatThrownBy(() -> api.accounts.create("<script>", Role.VIEWER, "long-enough"))
        .hasMessageContaining("letters, digits");
    assertThatThrownBy(() -> api.accounts.create("bob", Role.VIEWER, "short"))
        .hasMessageContaining("at least 8 characters");
    api.accounts.create("bob", Role.VIEWER, "long-enough");
    assertThatThrownBy(() -> api.accounts.create("bob", Role.ADMIN, "long-enough"))
        .hasMessageContaining("already exists");
    assertThat(api.accounts.authenticate("bob", "long-enough")).isPresent();
    assertThat(api.accounts.authenticate("bob", "long-enougH")).isEmpty();
    String stored = api.users.find("bob").orElseThrow().passwordHash();
    assertThat(stored).doesNotContain("long-enough");
  }

  @Test
  void an_unknown_role_names_the_roles_there_are() {
    assertThatThrownBy(() -> Role.fromWireName("root")).hasMessageContaining("viewer, op, admin");
  }
}
