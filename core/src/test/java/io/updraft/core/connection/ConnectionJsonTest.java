package io.updraft.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionJsonTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"extra\": null}|{}",
        "{\"extra\": {\"yo\": \"hi\"}}|{yo=hi}",
        "{\"extra\": \"{\\\"yo\\\": \\\"hi\\\"}\"}|{yo=hi}",
        "{\"extra\": \"\"}|{}"
      })
  void extra_is_an_object_or_a_string_holding_one(String json, String expected) {
    assertThat(Connection.fromJson("c", json).extra()).hasToString(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"conn_type\": \"abc-abc\"}|abc_abc",
        "{\"conn_type\": \"abc_abc\"}|abc_abc",
        "{\"conn_type\": \"postgresql\"}|postgres"
      })
  void the_conn_type_is_normalised(String json, String expected) {
    assertThat(Connection.fromJson("c", json).connType()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"{\"port\": 1}|1", "{\"port\": \"1\"}|1", "{\"port\": null}|"})
  void the_port_is_a_number_or_numeric_text(String json, Integer expected) {
    assertThat(Connection.fromJson("c", json).port()).isEqualTo(expected);
  }

  @Test
  void special_characters_in_a_password_stay_as_they_are() {
    String password = "pass :/!@#$%^&*(){}\"";
    String json = "{\"password\": \"pass :/!@#$%^&*(){}\\\"\"}";

    assertThat(Connection.fromJson("c", json).password()).isEqualTo(password);
    assertThat(Connection.fromJson("c", "{\"password\": \"\"}").password()).isNull();
  }

  @Test
  void json_written_reads_back_the_same() {
    Connection c =
        new Connection(
            "c", "postgres", "the db", "db", "u", "p", "sales", 5432, Map.of("sslmode", "require"));

    assertThat(c.toJson())
        .isEqualTo(
            "{\"conn_type\":\"postgres\",\"description\":\"the db\",\"host\":\"db\",\"login\":\"u\","
                + "\"password\":\"p\",\"schema\":\"sales\",\"port\":5432,"
                + "\"extra\":{\"sslmode\":\"require\"}}");
    assertThat(Connection.fromJson("c", c.toJson())).isEqualTo(c);
  }

  @Test
  void a_bad_port_says_what_was_expected() {
    assertThatThrownBy(() -> Connection.fromJson("c", "{\"port\": \"eighty\"}"))
        .isInstanceOf(InvalidConnectionException.class)
        .hasMessageContaining("expected an integer value for 'port', but got \"eighty\"");
  }

  @Test
  void invalid_json_names_the_line_and_column() {
    assertThatThrownBy(() -> Connection.parse("c", "{\"host\": \"h\",\n \"login\" 1}", "f.env:3"))
        .isInstanceOf(InvalidConnectionException.class)
        .hasMessageContaining("Connection 'c' from f.env:3 is not a valid JSON object")
        .hasMessageContaining("line 2, column");
  }

  @Test
  void an_unknown_field_is_named() {
    assertThatThrownBy(() -> Connection.fromJson("c", "{\"hostname\": \"h\"}"))
        .hasMessageContaining("unknown field 'hostname'");
  }

  @Test
  void an_extra_that_is_not_an_object_is_rejected() {
    assertThatThrownBy(() -> Connection.fromJson("c", "{\"extra\": \"[1, 2]\"}"))
        .hasMessageContaining("field 'extra' must hold a JSON object");
  }
}
