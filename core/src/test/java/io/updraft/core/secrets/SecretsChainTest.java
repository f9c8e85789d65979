package io.updraft.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretsChainTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<SecretRead> reads = new ArrayList<>();
  private final SecretMasker masker = new SecretMasker();
  private final Requester task = Requester.task("worker", "etl", "load");

  /** A backend over a map that counts how often it is asked. */
  static final class MapBackend implements SecretsBackend {
    final String name;
    final Map<String, String> conns = new HashMap<>();
    final Map<String, String> vars = new HashMap<>();
    int asked;

    MapBackend(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Optional<Connection> connection(String connId) {
      asked++;
      return Optional.ofNullable(conns.get(connId)).map(uri -> Connection.fromUri(connId, uri));
    }

    @Override
    public Optional<String> variable(String key) {
      asked++;
      return Optional.ofNullable(vars.get(key));
    }
  }

  static final class FailingBackend implements SecretsBackend {
    @Override
    public String name() {
      return "vault";
    }

    @Override
    public Optional<Connection> connection(String connId) {
      throw new IllegalStateException("connection refused");
    }

    @Override
    public Optional<String> variable(String key) {
      throw new IllegalStateException("connection refused");
    }
  }

  private SecretsChain chain(Duration ttl, SecretsBackend... backends) {
    return new SecretsChain(List.of(backends), ttl, clock, reads::add, masker);
  }

  @Test
  void the_first_backend_that_has_the_connection_wins() {
    MapBackend first = new MapBackend("env");
    MapBackend second = new MapBackend("metastore");
    first.conns.put("db", "postgres://first");
    second.conns.put("db", "postgres://second");
    second.conns.put("only_second", "http://h");

    SecretsChain chain = chain(Duration.ZERO, first, second);

    assertThat(chain.connection("db", task).host()).isEqualTo("first");
    assertThat(chain.connection("only_second", task).host()).isEqualTo("h");
  }

  @Test
  void a_failing_backend_is_skipped() {
    MapBackend env = new MapBackend("env");
    env.conns.put("db", "postgres://h");

    SecretsChain chain = chain(Duration.ZERO, new FailingBackend(), env);

    assertThat(chain.connection("db", task).host()).isEqualTo("h");
  }

  @Test
  void not_found_names_the_id_every_backend_and_the_failures() {
    SecretsChain chain = chain(Duration.ZERO, new FailingBackend(), new MapBackend("env"));

    assertThatThrownBy(() -> chain.connection("sales_db", task))
        .isInstanceOf(SecretNotFoundException.class)
        .hasMessageContaining("Connection 'sales_db' not found (searched vault, env")
        .hasMessageContaining("vault: IllegalStateException: connection refused")
        .hasMessageContaining("UPDRAFT_CONN_SALES_DB");
    assertThatThrownBy(() -> chain.variable("region", task))
        .hasMessageContaining("Variable 'region' not found (searched vault, env");
  }

  @Test
  void a_value_under_another_fernet_key_is_that_error_not_not_found_nor_another_backends_value() {
    SecretsBackend wrongKey =
        new SecretsBackend() {
          @Override
          public String name() {
            return "metastore";
          }

          @Override
          public Optional<Connection> connection(String connId) {
            throw new FernetKeyException(
                "Cannot decrypt the password of connection '" + connId + "'");
          }

          @Override
          public Optional<String> variable(String key) {
            throw new FernetKeyException("Cannot decrypt variable '" + key + "'");
          }
        };
    MapBackend later = new MapBackend("env");
    later.vars.put("region", "eu");

    SecretsChain chain = chain(Duration.ZERO, wrongKey, later);

    assertThatThrownBy(() -> chain.variable("region", task))
        .isInstanceOf(FernetKeyException.class)
        .hasMessage("Cannot decrypt variable 'region'");
    assertThatThrownBy(() -> chain.connection("db", task))
        .isInstanceOf(FernetKeyException.class)
        .hasMessageNotContaining("not found");
  }

  @Test
  void found_values_are_cached_for_the_ttl() {
    MapBackend env = new MapBackend("env");
    env.conns.put("db", "postgres://old");
    SecretsChain chain = chain(Duration.ofSeconds(60), env);

    chain.connection("db", task);
    env.conns.put("db", "postgres://new");
    assertThat(chain.connection("db", task).host()).isEqualTo("old");
    assertThat(env.asked).isEqualTo(1);

    clock.advance(Duration.ofSeconds(61));
    assertThat(chain.connection("db", task).host()).isEqualTo("new");
  }

  @Test
  void refresh_drops_cached_values() {
    MapBackend env = new MapBackend("env");
    env.conns.put("db", "postgres://old");
    env.vars.put("v", "1");
    SecretsChain chain = chain(Duration.ofHours(1), env);
    chain.connection("db", task);
    chain.variable("v", task);

    env.conns.put("db", "postgres://new");
    env.vars.put("v", "2");
    chain.refreshConnection("db");
    assertThat(chain.connection("db", task).host()).isEqualTo("new");
    assertThat(chain.variable("v", task)).isEqualTo("1");
    chain.refresh();
    assertThat(chain.variable("v", task)).isEqualTo("2");
  }

  @Test
  void a_zero_ttl_asks_the_backends_every_time() {
    MapBackend env = new MapBackend("env");
    env.vars.put("v", "1");
    SecretsChain chain = chain(Duration.ZERO, env);

    chain.variable("v", task);
    chain.variable("v", task);

    assertThat(env.asked).isEqualTo(2);
  }

  @Test
  void every_read_is_audited_without_its_value() {
    MapBackend env = new MapBackend("env");
    env.conns.put("db", "postgres://u:s3cr3t-pw@h");
    SecretsChain chain = chain(Duration.ofSeconds(60), env);

    chain.connection("db", task);
    chain.connection("db", task);
    chain.findVariable("nope", Requester.component("cli"));

    assertThat(reads)
        .containsExactly(
            new SecretRead(task, SecretRead.Kind.CONNECTION, "db", "env", false, clock.instant()),
            new SecretRead(task, SecretRead.Kind.CONNECTION, "db", "env", true, clock.instant()),
            new SecretRead(
                Requester.component("cli"),
                SecretRead.Kind.VARIABLE,
                "nope",
                null,
                false,
                clock.instant()));
    assertThat(reads.toString()).doesNotContain("s3cr3t-pw");
  }

  @Test
  void a_fetched_password_is_registered_for_masking() {
    MapBackend env = new MapBackend("env");
    env.conns.put("db", "postgres://u:s3cr3t-pw@h");

    chain(Duration.ZERO, env).connection("db", task);

    assertThat(masker.mask("login with s3cr3t-pw")).isEqualTo("login with ***");
  }

  @Test
  void rejected_credentials_are_fetched_again_once() {
    MapBackend env = new MapBackend("env");
    env.conns.put("db", "postgres://u:old-password@h");
    SecretsChain chain = chain(Duration.ofHours(1), env);
    chain.connection("db", task);
    env.conns.put("db", "postgres://u:new-password@h");
    List<String> tried = new ArrayList<>();

    String result =
        chain.withConnection(
            "db",
            task,
            c -> {
              tried.add(c.password());
              if (c.password().equals("old-password")) {
                throw new CredentialsRejectedException("login failed", null);
              }
              return "connected";
            });

    assertThat(result).isEqualTo("connected");
    assertThat(tried).containsExactly("old-password", "new-password");
  }

  @Test
  void credentials_rejected_twice_are_not_retried_again() {
    MapBackend env = new MapBackend("env");
    env.conns.put("db", "postgres://u:pw-always-bad@h");
    SecretsChain chain = chain(Duration.ofHours(1), env);

    assertThatThrownBy(
            () ->
                chain.withConnection(
                    "db",
                    task,
                    c -> {
                      throw new CredentialsRejectedException("login failed", null);
                    }))
        .isInstanceOf(CredentialsRejectedException.class);
    assertThat(env.asked).isEqualTo(2);
  }

  @Test
  void an_id_that_could_climb_out_of_a_backend_s_path_is_refused_before_any_backend_is_asked() {
    MapBackend vault = new MapBackend("vault");
    vault.conns.put("../../auth/token/lookup-self", "http://token-holder");
    vault.vars.put("../variables/admin_password", "s3cret");
    SecretsChain chain = chain(Duration.ofMinutes(5), vault);

    for (String id :
        List.of(
            "../../auth/token/lookup-self",
            "../variables/admin_password",
            "/etc/passwd",
            "a//b",
            "a/./b",
            "x%2F..%2Fy",
            "x?version=1",
            "x#y",
            "a\\..\\b",
            "line\nbreak",
            "")) {
      assertThatThrownBy(() -> chain.connection(id, task))
          .isInstanceOf(InvalidSecretIdException.class)
          .hasMessageStartingWith("Connection id '")
          .hasMessageContaining("Ids must have 1 to 250 characters");
      assertThatThrownBy(() -> chain.findVariable(id, task))
          .isInstanceOf(InvalidSecretIdException.class)
          .hasMessageStartingWith("Variable key '");
    }
    assertThat(vault.asked).isZero();
    assertThat(reads).isEmpty();
    // The refused id is shown escaped, so it cannot forge a log line.
    assertThatThrownBy(() -> chain.connection("line\nbreak", task))
        .hasMessageContaining("'line\\u000abreak'")
        .hasMessageContaining("control character");
  }

  @Test
  void airflow_style_ids_with_dots_dashes_and_slashes_inside_stay_valid() {
    MapBackend env = new MapBackend("env");
    for (String id : List.of("my.conn", "sales-db_2", "team/db", "a..b", "v1.2/x.y", "..x")) {
      env.conns.put(id, "postgres://" + id.replace('/', '-').replace("..", "dd") + "-host");
    }
    SecretsChain chain = chain(Duration.ZERO, env);

    assertThat(chain.connection("my.conn", task).host()).isEqualTo("my.conn-host");
    assertThat(chain.connection("team/db", task).host()).isEqualTo("team-db-host");
    assertThat(chain.findConnection("a..b", task)).isPresent();
    assertThat(chain.findConnection("..x", task)).isPresent();
    assertThat(chain.findConnection("v1.2/x.y", task)).isPresent();
    assertThat(chain.findConnection("sales-db_2", task)).isPresent();
  }
}
