package io.updraft.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code updraft config show} prints of URLs that carry passwords. */
class SecretUrlsTest {
  @Test
  void a_jdbc_url_shows_neither_its_password_parameter_nor_its_user_info_password() {
    assertThat(
            JdbcUrls.redact(
                "jdbc:postgresql://db:5432/updraft?user=etl&password=Hunter2&sslmode=require"))
        .isEqualTo("jdbc:postgresql://db:5432/updraft?user=etl&password=***&sslmode=require");
    assertThat(
            JdbcUrls.redact("jdbc:postgresql://etl:p@ss:w0rd@db/updraft?PASSWORD=x&sslpassword=y"))
        .isEqualTo("jdbc:postgresql://etl:***@db/updraft?PASSWORD=***&sslpassword=***");
    assertThat(JdbcUrls.redact("jdbc:postgresql://db/updraft"))
        .isEqualTo("jdbc:postgresql://db/updraft");
  }

  @Test
  void the_printed_configuration_holds_no_password_of_any_url() {
    UpdraftConfig config =
        ConfigLoader.load(
            null,
            Map.of(
                "UPDRAFT_DATABASE__URL",
                "jdbc:postgresql://etl:Secret1@db/updraft?password=Secret2",
                "UPDRAFT_DATABASE__PASSWORD",
                "Secret3",
                "UPDRAFT_REDIS__URL",
                "redis://:Secret4@cache:6379/0"));
    String shown = config.database() + "\n" + config.redis();

    assertThat(shown)
        .doesNotContain("Secret1", "Secret2", "Secret3", "Secret4")
        .contains("db/updraft", "cache:6379");
  }
}
