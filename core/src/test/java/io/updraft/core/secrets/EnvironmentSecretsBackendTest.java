package io.updraft.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSecretsBackendTest {
  private final EnvironmentSecretsBackend env =
      new EnvironmentSecretsBackend(
          Map.of(
              "UPDRAFT_CONN_SALES_DB", "postgresql://u:p%40ss@db.example.com:5432/sales",
              "UPDRAFT_CONN_API",
                  "{\"conn_type\": \"http\", \"host\": \"api\", \"port\": \"8443\"}",
              "UPDRAFT_CONN_BROKEN", "not a uri",
              "UPDRAFT_VAR_REGION", "eu-west-1"));

  @Test
  void a_connection_is_read_from_its_upper_cased_variable_as_a_uri() {
    Connection c = env.connection("sales_db").orElseThrow();

    assertThat(c.connId()).isEqualTo("sales_db");
    assertThat(c.connType()).isEqualTo("postgres");
    assertThat(c.password()).isEqualTo("p@ss");
    assertThat(c.port()).isEqualTo(5432);
  }

  @Test
  void a_connection_may_be_json() {
    Connection c = env.connection("api").orElseThrow();

    assertThat(c.host()).isEqualTo("api");
    assertThat(c.port()).isEqualTo(8443);
  }

  @Test
  void an_unknown_connection_is_empty() {
    assertThat(env.connection("nope")).isEmpty();
  }

  @Test
  void a_malformed_value_names_the_variable() {
    assertThatThrownBy(() -> env.connection("broken"))
        .hasMessageContaining("from environment variable UPDRAFT_CONN_BROKEN")
        .hasMessageContaining("neither a JSON object");
  }

  @Test
  void a_variable_is_read_from_updraft_var() {
    assertThat(env.variable("region")).contains("eu-west-1");
    assertThat(env.variable("zone")).isEmpty();
  }
}
