package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.json.Json;
import io.updraft.sql.FernetCipher;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh standalone as a real JVM: it listens on loopback only, makes its passwords and Fernet key
 * private to its user, and the other commands find them as they find its database.
 */
class StandaloneSecretsEndToEndTest {
  @TempDir Path home;
  private StandaloneJvm jvms;

  @AfterEach
  void stopAll() {
    if (jvms != null) {
      jvms.close();
    }
  }

  @Test
  void a_fresh_standalone_stores_variables_with_its_own_key_and_keeps_its_secrets_private()
      throws Exception {
    jvms = new StandaloneJvm(home);
    int port = freePort();
    Process standalone =
        jvms.cli("standalone-secrets", "standalone", "--port", Integer.toString(port));
    StandaloneJvm.awaitHealthy(port, standalone);
    String adminPassword = adminPassword();

    // Another machine cannot reach the API: it listens on 127.0.0.1 only.
    Optional<InetAddress> external = nonLoopbackAddress();
    if (external.isPresent()) {
      try (Socket s = new Socket()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> s.connect(new InetSocketAddress(external.get(), port), 1000))
            .isInstanceOf(IOException.class);
      }
    }

    assertThat(run("variables-set", Map.of(), "variables", "set", "greeting", "hello")).isZero();
    HttpResponse<String> read =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/variables/greeting"))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString(
                                    ("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).contains("hello");

    // Another key: the command says the value is under another key, not that it is missing.
    int mismatched =
        run(
            "variables-get-other-key",
            Map.of("UPDRAFT_SECRETS__FERNET_KEY", FernetCipher.generateKey()),
            "variables",
            "get",
            "greeting");
    assertThat(mismatched).isEqualTo(2);
    assertThat(Files.readString(StandaloneJvm.log("variables-get-other-key").toPath()))
        .contains("Cannot decrypt variable 'greeting'")
        .contains("another key")
        .doesNotContain("not found");

    StandaloneCredentials credentials = StandaloneCredentials.read(home).orElseThrow();
    String fernetKey = Files.readString(StandaloneFernetKey.file(home)).strip();
    StandaloneInfo info =
        Json.read(Files.readString(home.resolve("standalone.json")), StandaloneInfo.class);
    int redisPort = URI.create(info.redisUrl()).getPort();
    assertThat(EmbeddedServicesSecurityTest.redisReply(redisPort, "PING")).startsWith("-NOAUTH");

    assertThat(EmbeddedServicesSecurityTest.mode(home)).isEqualTo("rwx------");
    for (Path secret :
        new Path[] {
          StandaloneCredentials.file(home),
          StandaloneFernetKey.file(home),
          home.resolve("standalone.json")
        }) {
      assertThat(EmbeddedServicesSecurityTest.mode(secret))
          .as(secret.toString())
          .isEqualTo("rw-------");
    }
    assertThat(run("config-show", Map.of(), "config", "show")).isZero();
    for (String name : new String[] {"standalone-secrets", "variables-set", "config-show"}) {
      String output = Files.readString(StandaloneJvm.log(name).toPath());
      assertThat(output)
          .as(name)
          .doesNotContain(credentials.superuserPassword())
          .doesNotContain(credentials.databasePassword())
          .doesNotContain(credentials.redisPassword())
          .doesNotContain(fernetKey);
    }
    assertThat(Files.readString(home.resolve("standalone.json")))
        .doesNotContain(credentials.databasePassword())
        .doesNotContain(credentials.redisPassword());
  }

  private int run(String logName, Map<String, String> env, String... args) throws Exception {
    Process process = jvms.cli(logName, env, args);
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  private static String adminPassword() {
    Pattern line = Pattern.compile("Sign in as 'admin' with password: (\\S+)");
    String[] found = new String[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Matcher m =
                  line.matcher(Files.readString(StandaloneJvm.log("standalone-secrets").toPath()));
              if (m.find()) {
                found[0] = m.group(1);
              }
              return found[0] != null;
            });
    return found[0];
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    return NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .findFirst();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
