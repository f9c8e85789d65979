package io.updraft.core.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.EchoHookFactory.EchoClient;
import io.updraft.core.hook.EchoHookFactory.EchoHook;
import io.updraft.core.secrets.CredentialsRejectedException;
import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretRead;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsChain;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A hook whose credentials are rejected fetches its connection again, once, past the cache. */
class CredentialRotationTest {
  private final Map<String, String> stored = new ConcurrentHashMap<>();
  private final List<SecretRead> reads = new CopyOnWriteArrayList<>();
  private final SecretsChain chain =
      new SecretsChain(
          List.of(new MapBackend(stored)),
          Duration.ofHours(1),
          Clock.systemUTC(),
          reads::add,
          new SecretMasker());
  private final Hooks hooks =
      Hooks.load(
          ConnectionLookup.secrets(chain, Requester.component("worker w1")),
          getClass().getClassLoader());

  @AfterEach
  void close() {
    hooks.close();
  }

  private long backendReads() {
    return reads.stream().filter(r -> !r.cached() && r.backend() != null).count();
  }

  @Test
  void a_rejected_call_fetches_the_rotated_secret_past_the_cache_and_succeeds_once_retried() {
    stored.put("echo_api", "echo://user:old@echo.example.com");
    HookScope scope = hooks.scope("task etl.load");
    try {
      EchoHook hook = scope.open("echo_api", EchoHook.class);
      EchoClient oldClient = hook.echoClient();
      assertThat(hook.call("old")).isEqualTo("answered with echo.example.com");

      stored.put("echo_api", "echo://user:new@echo.example.com");
      assertThat(hook.call("new")).isEqualTo("answered with echo.example.com");

      assertThat(backendReads()).as("first open, then one fetch after the rejection").isEqualTo(2);
      assertThat(hook.connection().password()).isEqualTo("new");
      assertThat(hook.echoClient()).isNotSameAs(oldClient);
      assertThat(oldClient.closed).as("lent to the hook until it closes").isFalse();
      assertThat(hook.call("new")).as("no more fetches once renewed").isNotNull();
      assertThat(backendReads()).isEqualTo(2);

      scope.close();
      assertThat(oldClient.closed).isTrue();
    } finally {
      scope.close();
    }
    try (EchoHook next = hooks.open("echo_api", EchoHook.class)) {
      assertThat(next.connection().password())
          .as("the chain's cache holds the new one")
          .isEqualTo("new");
    }
    assertThat(backendReads()).isEqualTo(2);
  }

  @Test
  void hooks_of_other_tasks_rejected_later_use_the_credentials_already_fetched() {
    stored.put("echo_api", "echo://user:old@echo.example.com");
    try (HookScope first = hooks.scope("task etl.a");
        HookScope second = hooks.scope("task etl.b")) {
      EchoHook a = first.open("echo_api", EchoHook.class);
      EchoHook b = second.open("echo_api", EchoHook.class);
      stored.put("echo_api", "echo://user:new@echo.example.com");

      assertThat(a.call("new")).isNotNull();
      assertThat(b.call("new")).isNotNull();

      assertThat(b.echoClient()).isSameAs(a.echoClient());
    }
    assertThat(backendReads()).as("one read to open, one after the first rejection").isEqualTo(2);
  }

  @Test
  void unchanged_credentials_after_the_fetch_fail_at_once_naming_the_connection() {
    stored.put("echo_api", "echo://user:old@echo.example.com");
    try (EchoHook hook = hooks.open("echo_api", EchoHook.class)) {
      assertThatThrownBy(() -> hook.call("new"))
          .isInstanceOf(CredentialsRejectedException.class)
          .hasMessageContaining("Echo rejected the credentials of connection 'echo_api'")
          .hasMessageContaining(
              "fetched again, bypassing caches, and its credentials are unchanged")
          .hasMessageNotContaining("old");
    }
    assertThat(backendReads()).isEqualTo(2);
  }

  @Test
  void new_credentials_rejected_too_fail_naming_the_connection_and_the_fetch() {
    stored.put("echo_api", "echo://user:old@echo.example.com");
    try (EchoHook hook = hooks.open("echo_api", EchoHook.class)) {
      stored.put("echo_api", "echo://user:also-wrong@echo.example.com");

      assertThatThrownBy(() -> hook.call("new"))
          .isInstanceOf(CredentialsRejectedException.class)
          .hasMessageStartingWith(
              "Connection 'echo_api' was fetched again after its credentials were rejected, and"
                  + " the new credentials were rejected too")
          .hasMessageNotContaining("also-wrong")
          .hasCauseInstanceOf(CredentialsRejectedException.class);
    }
    assertThat(backendReads()).as("fetched again once, not in a loop").isEqualTo(2);
  }

  @Test
  void a_hook_opened_for_a_given_connection_passes_the_rejection_on_without_fetching() {
    stored.put("echo_api", "echo://user:new@echo.example.com");
    Connection typedIntoAForm = Connection.fromUri("echo_api", "echo://user:old@echo.example.com");

    try (EchoHook hook = (EchoHook) hooks.open(typedIntoAForm)) {
      assertThatThrownBy(() -> hook.call("new"))
          .isInstanceOf(CredentialsRejectedException.class)
          .hasMessage("Echo rejected the credentials of connection 'echo_api'");
    }
    try (EchoHook hook = (EchoHook) new EchoHookFactory().open(typedIntoAForm, hooks.pools())) {
      assertThatThrownBy(() -> hook.call("new")).isInstanceOf(CredentialsRejectedException.class);
    }
    assertThat(backendReads()).as("the stored connection never stands in").isZero();
  }

  /** A backend over a map of URIs that can change under the chain's cache. */
  private record MapBackend(Map<String, String> uris) implements SecretsBackend {
    @Override
    public String name() {
      return "map";
    }

    @Override
    public Optional<Connection> connection(String connId) {
      return Optional.ofNullable(uris.get(connId)).map(uri -> Connection.fromUri(connId, uri));
    }

    @Override
    public Optional<String> variable(String key) {
      return Optional.empty();
    }
  }
}
