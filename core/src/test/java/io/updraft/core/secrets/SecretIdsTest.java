package io.updraft.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretIdsTest {
  @Test
  void each_refusal_says_what_is_wrong_with_the_id() {
    assertThat(SecretIds.problem("..")).isEqualTo("it has the path segment '..'");
    assertThat(SecretIds.problem("a/.")).isEqualTo("it has the path segment '.'");
    assertThat(SecretIds.problem("/abs")).contains("empty path segment");
    assertThat(SecretIds.problem("trailing/")).contains("empty path segment");
    assertThat(SecretIds.problem("a%2e%2e")).isEqualTo("it holds a percent sign");
    assertThat(SecretIds.problem("a\tb")).contains("control character at position 1");
    assertThat(SecretIds.problem("x".repeat(251))).isEqualTo("it is 251 characters long");
    assertThat(SecretIds.problem(null)).isEqualTo("it is empty");
    assertThat(SecretIds.problem("x".repeat(250))).isNull();
    assertThat(SecretIds.problem("my.conn")).isNull();
  }

  @Test
  void a_refused_id_and_the_rule_hold_no_percent_sign_that_a_formatter_could_misread() {
    assertThatThrownBy(() -> SecretIds.checkConnectionId("x%2F..%2Fy"))
        .hasMessageStartingWith("Connection id 'x\\u00252F..\\u00252Fy' cannot be looked up")
        .hasMessageNotContaining("%");
  }

  @Test
  void the_error_names_the_kind_the_id_and_the_rule() {
    assertThatThrownBy(() -> SecretIds.checkVariableKey("../admin"))
        .isInstanceOf(InvalidSecretIdException.class)
        .hasMessage(
            "Variable key '../admin' cannot be looked up: it has the path segment '..'. Ids must"
                + " have "
                + SecretIds.RULE
                + ".");
  }
}
