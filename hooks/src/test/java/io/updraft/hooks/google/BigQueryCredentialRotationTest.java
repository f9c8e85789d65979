package io.updraft.hooks.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.bigquery.BigQueryException;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.secrets.CredentialsRejectedException;
import io.updraft.hooks.testing.RotatingSecrets;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service account key rotated in the secrets backend while the worker caches the old one. A local
 * server plays both Google's token endpoint (named by each key's {@code token_uri}) and the
 * BigQuery API; real keys sign real JWTs.
 */
class BigQueryCredentialRotationTest {
  static final String TABLE = "/bigquery/v2/projects/test-project/datasets/sales/tables/orders";

  private final WireMockServer server = new WireMockServer(options().dynamicPort());
  @TempDir Path dir;
  private RotatingSecrets secrets;
  private Hooks hooks;
  private HookScope task;

  @BeforeEach
  void start() {
    server.start();
    server.stubFor(post(urlPathEqualTo("/token/new-key")).willReturn(okJson(token("access-new"))));
    server.stubFor(
        get(urlPathEqualTo(TABLE))
            .withHeader("Authorization", equalTo("Bearer access-new"))
            .willReturn(
                okJson(
                    "{\"tableReference\": {\"projectId\": \"test-project\", \"datasetId\":"
                        + " \"sales\", \"tableId\": \"orders\"}, \"schema\": {\"fields\":"
                        + " [{\"name\": \"sku\", \"type\": \"STRING\"}]}}")));
    server.stubFor(
        get(urlPathEqualTo(TABLE + "/data"))
            .withHeader("Authorization", equalTo("Bearer access-new"))
            .willReturn(okJson("{\"totalRows\": \"1\", \"rows\": [{\"f\": [{\"v\": \"A1\"}]}]}")));
    secrets = new RotatingSecrets(dir);
    hooks = Hooks.load(secrets.lookup(), getClass().getClassLoader());
    task = hooks.scope("task etl.load");
  }

  @AfterEach
  void stop() {
    task.close();
    hooks.close();
    server.stop();
  }

  private static String token(String accessToken) {
    return "{\"access_token\": \""
        + accessToken
        + "\", \"expires_in\": 3600, \"token_type\":"
        + " \"Bearer\"}";
  }

  /** A connection with a freshly generated service account key whose tokens come from us. */
  private Connection bq(String keyName) throws NoSuchAlgorithmException {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder()
                .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("type", "service_account");
    key.put("project_id", "test-project");
    key.put("private_key_id", keyName);
    key.put("private_key", pem);
    key.put("client_email", "etl@test-project.iam.gserviceaccount.com");
    key.put("client_id", "1234");
    key.put("token_uri", server.baseUrl() + "/token/" + keyName);
    return new Connection(
        "bq",
        "google_cloud_platform",
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of("project", "test-project", "endpoint", server.baseUrl(), "keyfile_dict", key));
  }

  @Test
  void a_401_to_the_old_key_fetches_the_rotated_key_and_the_read_succeeds() throws Exception {
    server.stubFor(post(urlPathEqualTo("/token/old-key")).willReturn(okJson(token("access-old"))));
    server.stubFor(
        get(urlPathEqualTo(TABLE))
            .withHeader("Authorization", equalTo("Bearer access-old"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": 401, \"message\": \"Request had invalid"
                            + " authentication credentials.\", \"status\":"
                            + " \"UNAUTHENTICATED\"}}")));
    secrets.store(bq("old-key"));
    BigQueryHook hook = task.open("bq", BigQueryHook.class);

    secrets.store(bq("new-key"));
    List<Map<String, Object>> rows = hook.readRows("sales", "orders", 10);

    assertThat(rows).containsExactly(Map.of("sku", "A1"));
    assertThat(secrets.backendReads("bq")).as("opened, then fetched once").isEqualTo(2);
    server.verify(getRequestedFor(urlPathEqualTo(TABLE + "/data")));
  }

  @Test
  void a_key_the_token_endpoint_refuses_is_replaced_by_the_rotated_one() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/token/deleted-key"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": \"invalid_grant\", \"error_description\": \"Invalid JWT"
                            + " Signature.\"}")));
    secrets.store(bq("deleted-key"));
    BigQueryHook hook = task.open("bq", BigQueryHook.class);

    secrets.store(bq("new-key"));

    assertThat(hook.readRows("sales", "orders", 10)).containsExactly(Map.of("sku", "A1"));
    assertThat(secrets.backendReads("bq")).isEqualTo(2);
  }

  @Test
  void a_refused_key_still_in_the_backend_fails_naming_the_connection() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/token/deleted-key"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\": \"invalid_grant\"}")));
    secrets.store(bq("deleted-key"));
    BigQueryHook hook = task.open("bq", BigQueryHook.class);

    assertThatThrownBy(() -> hook.readRows("sales", "orders", 10))
        .isInstanceOf(CredentialsRejectedException.class)
        .hasMessageContaining("BigQuery rejected the credentials of connection 'bq'")
        .hasMessageContaining("invalid_grant")
        .hasMessageContaining("credentials are unchanged")
        .hasMessageNotContaining("PRIVATE KEY");
  }

  @Test
  void a_403_is_a_missing_permission_not_rejected_credentials() {
    BigQueryException denied = new BigQueryException(403, "Access Denied: Table sales.orders");
    BigQueryException unauthorized = new BigQueryException(401, "Invalid Credentials");
    BigQueryException revoked =
        new BigQueryException(
            new IOException(
                "Error getting access token for service account: 400 Bad Request\n"
                    + "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT"
                    + " Signature.\"}"));

    assertThat(GoogleRejections.rejectsCredentials(denied)).isFalse();
    assertThat(GoogleRejections.rejectsCredentials(unauthorized)).isTrue();
    assertThat(GoogleRejections.rejectsCredentials(revoked)).isTrue();
  }
}
