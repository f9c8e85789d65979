package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.CONNECTION;
import static io.updraft.sql.jooq.Tables.VARIABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.testing.PostgresExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(PostgresExtension.class)
class PostgresSecretsBackendTest {
  private static final String KEY1 = FernetCipher.generateKey();
  private static final String KEY2 = FernetCipher.generateKey();

  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  private final Connection db =
      new Connection(
          "sales_db",
          "postgres",
          "sales",
          "db.example.com",
          "etl",
          "s3cr3t-pw",
          "sales",
          5432,
          Map.of("sslmode", "require", "api_key", "k-123"));

  private static PostgresSecretsBackend backend(String... keys) {
    return new PostgresSecretsBackend(postgres.database(), new FernetCipher(List.of(keys)));
  }

  @Test
  void a_connection_reads_back_as_written() {
    backend(KEY1).put(db);

    assertThat(backend(KEY1).connection("sales_db")).contains(db);
    assertThat(backend(KEY1).connections()).containsExactly(db);
    assertThat(backend(KEY1).connection("other")).isEmpty();
  }

  @Test
  void the_password_extra_and_variables_are_stored_encrypted() {
    backend(KEY1).put(db);
    backend(KEY1).putVariable("token", "t0k3n-value", null);

    String row = postgres.database().dsl().selectFrom(CONNECTION).fetchOne().formatJSON();
    String variable = postgres.database().dsl().selectFrom(VARIABLE).fetchOne().formatJSON();
    assertThat(row).doesNotContain("s3cr3t-pw").doesNotContain("k-123").contains("db.example.com");
    assertThat(variable).doesNotContain("t0k3n-value");
    assertThat(backend(KEY1).variable("token")).contains("t0k3n-value");
  }

  @Test
  void without_a_key_nothing_is_stored() {
    assertThatThrownBy(() -> backend().put(db))
        .hasMessageContaining("No Fernet key configured")
        .hasMessageContaining("updraft fernet generate");
    assertThatThrownBy(() -> backend().putVariable("k", "v", null))
        .hasMessageContaining("No Fernet key configured");

    assertThat(postgres.database().dsl().fetchCount(CONNECTION)).isZero();
    assertThat(postgres.database().dsl().fetchCount(VARIABLE)).isZero();
  }

  @Test
  void a_wrong_key_is_a_clear_error() {
    backend(KEY1).put(db);

    assertThatThrownBy(() -> backend(KEY2).connection("sales_db"))
        .isInstanceOf(io.updraft.core.secrets.FernetKeyException.class)
        .hasMessageContaining("Cannot decrypt the password of connection 'sales_db'")
        .hasMessageNotContaining("s3cr3t-pw");
  }

  @Test
  void an_invalid_key_is_named_by_position() {
    assertThatThrownBy(() -> backend(KEY1, "not-a-key"))
        .hasMessageContaining("Fernet key #2 in secrets.fernet_key is not a valid key");
  }

  @Test
  void rotation_re_encrypts_every_row_with_the_first_key() {
    backend(KEY1).put(db);
    backend(KEY1).putVariable("v", "value-1", "a variable");

    int rows = backend(KEY2, KEY1).rotate();

    assertThat(rows).isEqualTo(2);
    assertThat(backend(KEY2).connection("sales_db")).contains(db);
    assertThat(backend(KEY2).variable("v")).contains("value-1");
    assertThatThrownBy(() -> backend(KEY1).variable("v")).hasMessageContaining("Cannot decrypt");
  }

  @Test
  void rotation_changes_nothing_when_a_row_cannot_be_decrypted() {
    backend(KEY1).put(db);
    backend(KEY2).putVariable("v", "value-2", null);

    assertThatThrownBy(() -> backend(KEY1).rotate()).hasMessageContaining("variable 'v'");

    assertThat(backend(KEY1).connection("sales_db")).contains(db);
  }

  @Test
  void variables_can_be_listed_replaced_and_deleted() {
    PostgresSecretsBackend backend = backend(KEY1);
    backend.putVariable("a", "1", null);
    backend.putVariable("b", "2", null);
    backend.putVariable("a", "3", null);

    assertThat(backend.variables()).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
    assertThat(backend.deleteVariable("a")).isTrue();
    assertThat(backend.deleteVariable("a")).isFalse();
    assertThat(backend.deleteConnection("none")).isFalse();
  }
}
