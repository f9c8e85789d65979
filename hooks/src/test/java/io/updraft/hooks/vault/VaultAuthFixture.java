package io.updraft.hooks.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.updraft.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A WireMock server answering as Vault's documented auth and KV v2 APIs, a manual clock, a folder
 * for token files and the backend's captured log, for the login and lease tests.
 */
abstract class VaultAuthFixture {
  static final String SA_TOKEN_1 = "eyJhbGciOiJSUzI1NiJ9.sa-first.sig";
  static final String SA_TOKEN_2 = "eyJhbGciOiJSUzI1NiJ9.sa-rotated.sig";

  final WireMockServer vault = new WireMockServer(options().dynamicPort());
  final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));
  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void startVault() {
    vault.start();
    log.start();
    ((Logger) LoggerFactory.getLogger("io.updraft.hooks.vault")).addAppender(log);
  }

  @AfterEach
  void stopVault() {
    vault.stop();
    ((Logger) LoggerFactory.getLogger("io.updraft.hooks.vault")).detachAppender(log);
  }

  /** Every message and exception text the backend logged. */
  String logged() {
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : List.copyOf(log.list)) {
      text.append(event.getFormattedMessage()).append('\n');
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        text.append(t.getMessage()).append('\n');
      }
    }
    return text.toString();
  }

  VaultSecretsBackend backend(Map<String, String> extra) {
    Map<String, String> section = new HashMap<>(Map.of("url", vault.baseUrl()));
    section.putAll(extra);
    return new VaultSecretsBackend(new OkHttpClient(), VaultSettings.from(section), clock);
  }

  Path tokenFile(String content) throws Exception {
    return Files.writeString(dir.resolve("token"), content + "\n");
  }

  /** A login response as in Vault's Kubernetes auth documentation. */
  static String login(String clientToken, long leaseSeconds, boolean renewable) {
    return "{\"request_id\": \"\", \"lease_id\": \"\", \"renewable\": false, \"lease_duration\": 0,"
        + " \"data\": null, \"auth\": {\"client_token\": \""
        + clientToken
        + "\", \"accessor\": \"afa306d0-be3d-c8d2-b0d7-2676e1c0d9b4\", \"policies\":"
        + " [\"default\", \"updraft\"], \"metadata\": {\"role\": \"updraft\","
        + " \"service_account_name\": \"updraft-worker\"}, \"lease_duration\": "
        + leaseSeconds
        + ", \"renewable\": "
        + renewable
        + "}}";
  }

  void variableFor(String clientToken, String value) {
    vault.stubFor(
        get("/v1/secret/data/variables/region")
            .withHeader("X-Vault-Token", equalTo(clientToken))
            .willReturn(okJson("{\"data\": {\"data\": {\"value\": \"" + value + "\"}}}")));
  }

  void denied(String clientToken) {
    vault.stubFor(
        get("/v1/secret/data/variables/region")
            .withHeader("X-Vault-Token", equalTo(clientToken))
            .willReturn(
                aResponse().withStatus(403).withBody("{\"errors\": [\"permission denied\"]}")));
  }

  void kubernetesLogin(String saToken, String clientToken, long lease) {
    vault.stubFor(
        post("/v1/auth/kubernetes/login")
            .withRequestBody(equalToJson("{\"role\": \"updraft\", \"jwt\": \"" + saToken + "\"}"))
            .willReturn(okJson(login(clientToken, lease, false))));
  }
}
