package io.updraft.core.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.EchoHookFactory.EchoClient;
import io.updraft.core.hook.EchoHookFactory.EchoHook;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HooksTest {
  private final Map<String, Connection> store = new ConcurrentHashMap<>();
  private final Hooks hooks = Hooks.load(connId -> lookup(connId), getClass().getClassLoader());

  private Connection lookup(String connId) {
    return ConnectionLookup.of(store).connection(connId);
  }

  private void define(String connId, String uri) {
    store.put(connId, Connection.fromUri(connId, uri));
  }

  @AfterEach
  void close() {
    hooks.close();
  }

  @Test
  void a_hook_opens_from_a_conn_id_through_the_factory_found_by_the_service_loader() {
    define("echo_default", "echo://user:s3cret@echo.example.com");

    try (EchoHook hook = hooks.open("echo_default", EchoHook.class)) {
      assertThat(hook.connection().host()).isEqualTo("echo.example.com");
      assertThat(hook.echoClient().password).isEqualTo("s3cret");
      assertThat(hook.test().ok()).isTrue();
    }
    assertThat(hooks.factory("ECHO-ALIAS")).isPresent();
    assertThat(hooks.factory("echo").orElseThrow().fields())
        .extracting(ConnectionField::label)
        .containsExactly("Host", "Token");
  }

  @Test
  void hooks_of_the_same_connection_share_one_client() {
    define("echo_default", "echo://user:s3cret@echo.example.com");

    try (EchoHook first = hooks.open("echo_default", EchoHook.class);
        EchoHook second = hooks.open("echo_default", EchoHook.class)) {
      assertThat(first.echoClient()).isSameAs(second.echoClient());
      assertThat(hooks.pools().openClients()).isEqualTo(1);
    }
  }

  @Test
  void a_rotated_password_gets_a_fresh_client_and_the_old_one_closes_after_its_last_user() {
    define("echo_default", "echo://user:old@echo.example.com");
    EchoHook running = hooks.open("echo_default", EchoHook.class);
    EchoClient oldClient = running.echoClient();

    define("echo_default", "echo://user:new@echo.example.com");
    try (EchoHook fresh = hooks.open("echo_default", EchoHook.class)) {
      assertThat(fresh.echoClient().password).isEqualTo("new");
      assertThat(oldClient.closed).as("still used by a running task").isFalse();
      assertThat(running.echoClient().password).isEqualTo("old");
    }

    running.close();
    assertThat(oldClient.closed).isTrue();
    assertThat(hooks.pools().openClients()).isEqualTo(1);
  }

  @Test
  void a_rotated_password_with_no_user_left_closes_the_old_client_at_once() {
    define("echo_default", "echo://user:old@echo.example.com");
    EchoClient oldClient;
    try (EchoHook hook = hooks.open("echo_default", EchoHook.class)) {
      oldClient = hook.echoClient();
    }
    assertThat(oldClient.closed).as("unused but current: kept for the next task").isFalse();

    define("echo_default", "echo://user:new@echo.example.com");
    hooks.open("echo_default", EchoHook.class).close();

    assertThat(oldClient.closed).isTrue();
  }

  @Test
  void a_scope_closes_the_hooks_a_task_forgot_and_refuses_new_ones_after() {
    define("echo_default", "echo://user:pw@echo.example.com");
    HookScope scope = hooks.scope("task demo.t1");
    EchoHook forgotten = scope.open("echo_default", EchoHook.class);
    EchoHook alsoForgotten = scope.open("echo_default", EchoHook.class);

    scope.close();

    assertThat(forgotten.isClosed()).isTrue();
    assertThat(alsoForgotten.isClosed()).isTrue();
    assertThatThrownBy(forgotten::echoClient).hasMessageContaining("'echo_default' is closed");
    assertThatThrownBy(() -> scope.open("echo_default"))
        .hasMessageContaining("task demo.t1")
        .hasMessageContaining("closed");
  }

  @Test
  void a_scope_can_find_connections_through_the_tasks_own_lookup() {
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    ConnectionLookup tasksView =
        connId -> {
          asked.add(connId);
          return Connection.fromUri(connId, "echo://user:task-secret@task.example.com");
        };

    try (HookScope scope = hooks.scope("task demo.t2", tasksView)) {
      EchoHook hook = scope.open("only_for_this_task", EchoHook.class);
      assertThat(hook.echoClient().password).isEqualTo("task-secret");
    }
    assertThat(asked).containsExactly("only_for_this_task");
  }

  @Test
  void failover_returns_the_first_healthy_connection_and_closes_the_others() {
    define("echo_eu", "echo://user:pw@eu.example.com?healthy=false");
    define("echo_us", "echo://user:pw@us.example.com");

    try (EchoHook hook =
        hooks.openFirstHealthy(EchoHook.class, List.of("echo_eu", "echo_missing", "echo_us"))) {
      assertThat(hook.connection().connId()).isEqualTo("echo_us");
    }
  }

  @Test
  void failover_with_no_healthy_connection_names_each_and_why() {
    define("echo_eu", "echo://user:pw@eu.example.com?healthy=false");

    assertThatThrownBy(
            () -> hooks.openFirstHealthy(EchoHook.class, List.of("echo_eu", "echo_missing")))
        .isInstanceOf(NoHealthyConnectionException.class)
        .hasMessageContaining("'echo_eu': host eu.example.com does not answer")
        .hasMessageContaining("'echo_missing': Connection 'echo_missing' was not found");
  }

  @Test
  void an_unknown_conn_type_names_the_connection_and_the_installed_types() {
    define("mystery", "ftp://user:pw@files.example.com");

    assertThatThrownBy(() -> hooks.open("mystery"))
        .hasMessageContaining("conn type 'ftp'")
        .hasMessageContaining("'mystery'")
        .hasMessageContaining("echo");
  }

  @Test
  void a_hook_of_the_wrong_class_is_refused_and_closed() {
    define("echo_default", "echo://user:pw@echo.example.com");

    assertThatThrownBy(() -> hooks.open("echo_default", OtherHook.class))
        .hasMessageContaining("'echo_default' has conn type 'echo'")
        .hasMessageContaining("OtherHook");
  }

  @Test
  void the_fingerprint_changes_with_any_field_and_not_with_extra_order() {
    Connection a = Connection.fromJson("c", "{\"conn_type\":\"echo\",\"extra\":{\"a\":1,\"b\":2}}");
    Connection b = Connection.fromJson("c", "{\"conn_type\":\"echo\",\"extra\":{\"b\":2,\"a\":1}}");

    assertThat(ConnectionFingerprint.of(a)).isEqualTo(ConnectionFingerprint.of(b));
    assertThat(ConnectionFingerprint.of(a.withPassword("x")))
        .isNotEqualTo(ConnectionFingerprint.of(a));
    assertThat(ConnectionFingerprint.of(a.withConnId("d")))
        .isNotEqualTo(ConnectionFingerprint.of(a));
  }

  @Test
  void connections_come_from_updraft_conn_environment_variables() {
    ConnectionLookup env =
        ConnectionLookup.environment(
            Map.of("UPDRAFT_CONN_MY_DB", "postgres://u:p@db.example.com:5432/sales"));

    assertThat(env.connection("my_db").schema()).isEqualTo("sales");
    assertThatThrownBy(() -> env.connection("other")).hasMessageContaining("UPDRAFT_CONN_OTHER");
  }

  private interface OtherHook extends Hook {}
}
