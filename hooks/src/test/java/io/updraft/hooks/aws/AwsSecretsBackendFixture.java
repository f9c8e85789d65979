package io.updraft.hooks.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.updraft.core.secrets.SecretsBackend;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tests of both AWS secrets backends share: a section whose requests are signed with
 * example keys and sent to WireMock, the ids that must never become a call, and the AssumeRole a
 * backend with a role makes.
 */
final class AwsSecretsBackendFixture {
  static final String ACCESS_KEY = "AKIDEXAMPLE";
  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  private AwsSecretsBackendFixture() {}

  /** A backend's section in eu-west-1 at {@code aws}, with {@code extra} settings on top. */
  static Map<String, String> section(WireMockServer aws, Map<String, String> extra) {
    Map<String, String> section =
        new HashMap<>(
            Map.of(
                "region",
                "eu-west-1",
                "endpoint",
                aws.baseUrl(),
                "access_key_id",
                ACCESS_KEY,
                "secret_access_key",
                SECRET_KEY));
    section.putAll(extra);
    return section;
  }

  /** Each id is refused as a connection id and as a variable key, and named in the error. */
  static void assertRefused(SecretsBackend backend, List<String> ids) {
    for (String id : ids) {
      assertThatThrownBy(() -> backend.connection(id))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + shown(id) + "'");
      assertThatThrownBy(() -> backend.variable(id))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + shown(id) + "'");
    }
  }

  /** The backend signed one AssumeRole with its own keys, asking for these settings. */
  static void verifyAssumedRole(WireMockServer aws, String sessionName, String durationSeconds) {
    aws.verify(
        1,
        StsStubs.assumeRoleRequests()
            .withFormParam("RoleArn", equalTo(StsStubs.ROLE_ARN))
            .withFormParam("RoleSessionName", equalTo(sessionName))
            .withFormParam("ExternalId", equalTo("ext-42"))
            .withFormParam("DurationSeconds", equalTo(durationSeconds))
            .withHeader("Authorization", matching(".*Credential=" + ACCESS_KEY + "/.*/sts/.*")));
  }

  /** How an error shows an id: a percent sign escaped, so no formatter can misread it. */
  private static String shown(String id) {
    return id.replace("%", "\\u0025");
  }
}
