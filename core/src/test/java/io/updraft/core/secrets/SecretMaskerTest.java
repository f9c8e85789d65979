package io.updraft.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.connection.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
  private final SecretMasker masker = new SecretMasker();

  @Test
  void a_registered_secret_is_masked_also_when_url_encoded() {
    masker.register("p@ss word/1");

    assertThat(masker.mask("pw=p@ss word/1 uri=http://u:p%40ss%20word%2F1@h q=p%40ss+word%2F1"))
        .isEqualTo("pw=*** uri=http://u:***@h q=***");
  }

  @Test
  void a_connection_registers_its_password_and_sensitive_extras_only() {
    masker.register(
        Connection.fromJson(
            "c",
            "{\"password\": \"hunter22\", \"extra\": {\"api_key\": \"k-123456\", \"region\":"
                + " \"eu-west-1\", \"nested\": {\"Client_Secret\": \"shhh-secret\"}}}"));

    assertThat(masker.mask("hunter22 k-123456 eu-west-1 shhh-secret"))
        .isEqualTo("*** *** eu-west-1 ***");
  }

  @Test
  void sensitive_keys_match_airflow_names_in_any_case() {
    assertThat(SecretMasker.isSensitiveKey("ACCESS_TOKEN")).isTrue();
    assertThat(SecretMasker.isSensitiveKey("keyfile_dict")).isTrue();
    assertThat(SecretMasker.isSensitiveKey("service_account_json")).isTrue();
    assertThat(SecretMasker.isSensitiveKey("region")).isFalse();
  }

  @Test
  void very_short_values_are_not_masked() {
    masker.register("on");

    assertThat(masker.mask("turned on")).isEqualTo("turned on");
  }

  @Test
  void text_without_secrets_is_returned_unchanged() {
    masker.register(Map.of("x", "y").toString());

    assertThat(masker.mask("nothing here")).isEqualTo("nothing here");
  }
}
