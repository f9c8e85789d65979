package io.updraft.hooks.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.hooks.testing.TestTaskContext;
import io.updraft.testing.SshTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH operator against a real in-process SSH server. */
class SshOperatorTest {
  @TempDir static Path dir;
  private static SshTestServer server;
  private Hooks hooks;
  private TestTaskContext context;
  private Path marker;

  @BeforeAll
  static void start() {
    server = new SshTestServer(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void open() {
    hooks =
        Hooks.load(
            ConnectionLookup.of(Map.of("box", SshConnections.withPassword(server, "box", "ssh"))),
            getClass().getClassLoader());
    marker = dir.resolve("pwned-" + System.nanoTime());
    String hostile = "'; touch " + marker + "; echo '$(touch " + marker + ")";
    context =
        new TestTaskContext(hooks, Instant.parse("2026-03-01T00:00:00Z"), Map.of("who", hostile));
  }

  @AfterEach
  void close() {
    context.close();
    hooks.close();
  }

  @Test
  void output_goes_to_the_log_and_stdout_is_the_xcom() throws Exception {
    Object xcom = SshOperator.of("box", "echo day {{ ds }}; echo warn >&2").execute(context);

    assertThat(xcom).isEqualTo("day 2026-03-01\n");
    assertThat(context.logLines).contains("day 2026-03-01", "[stderr] warn");
  }

  @Test
  void an_exit_status_other_than_zero_fails_the_task() {
    assertThatThrownBy(() -> SshOperator.of("box", "echo partial; exit 7").execute(context))
        .isInstanceOf(SshCommandFailedException.class)
        .hasMessageContaining("exit status 7");
    assertThat(context.logLines).contains("partial");
  }

  @Test
  void a_hostile_conf_value_passed_through_env_is_printed_not_run() throws Exception {
    for (EnvMode mode : EnvMode.values()) {
      Object xcom =
          SshOperator.of("box", "printf 'hello %s' \"$WHO\"")
              .withEnv(Map.of("WHO", "{{ conf.who }}"))
              .withEnvMode(mode)
              .execute(context);

      assertThat(xcom).as(mode.name()).isEqualTo("hello " + context.conf().get("who"));
    }
    assertThat(Files.exists(marker)).isFalse();
  }
}
