package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.json.Json;
import io.updraft.core.secrets.SecretMasker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskedJsonTest {
  @Test
  void a_value_without_secrets_has_no_masked_copy() {
    SecretMasker masker = new SecretMasker();
    masker.register("hunter2-pw");

    assertThat(MaskedJson.of(Json.write(Map.of("rows", 42, "table", "users")), masker)).isNull();
  }

  @Test
  void secrets_are_masked_in_nested_strings_numbers_and_keys_even_when_json_escapes_them() {
    SecretMasker masker = new SecretMasker();
    String quoted = "pa\"ss\\word";
    masker.register(quoted);
    masker.register("987654321");
    masker.register("tok-abcdef");
    String json =
        Json.write(
            Map.of(
                "list",
                List.of("ok", "user:" + quoted + "@db"),
                "pin",
                987654321L,
                "tok-abcdef",
                true));

    String masked = MaskedJson.of(json, masker);

    assertThat(json).doesNotContain(quoted);
    assertThat(masked)
        .isEqualTo("{\"list\":[\"ok\",\"user:***@db\"],\"pin\":\"***\",\"***\":true}")
        .doesNotContain("987654321", "tok-abcdef", "ss\\\\word");
  }
}
