package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.connection.Connection;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.EnvironmentSecretsBackend;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.hooks.base.SensorMode;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.ssh.SftpSensor;
import io.updraft.hooks.ssh.SshOperator;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.SshTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java DAG of SSH commands and an SFTP sensor in reschedule mode, run by the worker's task runner
 * on real PostgreSQL and Redis against an in-process SSH server whose commands run in /bin/sh.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SshOperatorsEndToEndTest {
  @TempDir Path root;
  private SshTestServer server;
  private StepHarness fx;

  @BeforeEach
  void start() {
    server = new SshTestServer(root);
  }

  @AfterEach
  void close() throws Exception {
    if (fx != null) {
      fx.close();
    }
    server.close();
  }

  private SecretsChain connections() {
    Map<String, Object> extra = Map.of("known_hosts", server.knownHostsLine());
    String box =
        new Connection(
                "ssh_box",
                "ssh",
                null,
                "127.0.0.1",
                SshTestServer.USER,
                SshTestServer.PASSWORD,
                null,
                server.port(),
                extra)
            .toJson();
    String drop =
        new Connection(
                "sftp_drop",
                "sftp",
                null,
                "127.0.0.1",
                SshTestServer.USER,
                SshTestServer.PASSWORD,
                null,
                server.port(),
                extra)
            .toJson();
    return new SecretsChain(
        List.of(
            new EnvironmentSecretsBackend(
                Map.of("UPDRAFT_CONN_SSH_BOX", box, "UPDRAFT_CONN_SFTP_DROP", drop))),
        Duration.ofSeconds(60),
        Clock.systemUTC(),
        SecretsAudit.none(),
        new SecretMasker());
  }

  @Test
  void commands_run_with_conf_as_data_a_secret_is_masked_and_the_sensor_waits_for_a_file()
      throws Exception {
    Path marker = root.resolve("pwned");
    String hostile = "'; touch " + marker + "; echo '$(touch " + marker + ")";
    Dag dag =
        Dag.builder("ssh_e2e")
            .defaultRetries(0)
            .task(
                Task.of(
                    "greet",
                    SshOperator.of("ssh_box", "mkdir -p landing; echo \"hello $WHO pw=$PW\"")
                        .withEnv(
                            Map.of("WHO", "{{ conf.who }}", "PW", "{{ conn.ssh_box.password }}"))))
            .task(
                Task.of(
                        "wait",
                        new SftpSensor(
                            "sftp_drop",
                            "/landing/{{ ds }}.csv",
                            SensorSettings.DEFAULT
                                .withPokeInterval(Duration.ofMinutes(1))
                                .withMode(SensorMode.RESCHEDULE)))
                    .after("greet"))
            .task(
                Task.of("fail", SshOperator.of("ssh_box", "echo giving up; exit 5")).after("wait"))
            .build();
    fx = new StepHarness(connections(), dag);
    DagRun run = fx.trigger(dag, Map.of("who", hostile));

    fx.tickUntilIdle(20);
    assertThat(fx.task(run, "greet").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.task(run, "wait").state()).isEqualTo(TaskState.UP_FOR_RESCHEDULE);
    String log = fx.log(run, "greet", 1);
    assertThat(log).contains("hello " + hostile + " pw=***").doesNotContain(SshTestServer.PASSWORD);
    assertThat(fx.xcoms.get(run.id(), "greet", XComStore.RETURN_VALUE).orElseThrow())
        .contains("hello '; touch");
    assertThat(Files.exists(marker)).isFalse();

    String ds = fx.run(run).logicalDate().toString().substring(0, 10);
    Files.writeString(root.resolve("landing/" + ds + ".csv"), "x");
    fx.advance(Duration.ofMinutes(1));
    fx.tickUntilIdle(20);

    assertThat(fx.task(run, "wait").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(fx.task(run, "fail").state()).isEqualTo(TaskState.FAILED);
    assertThat(fx.log(run, "fail", 1)).contains("giving up", "exit status 5");
    assertThat(fx.run(run).state()).isEqualTo(RunState.FAILED);
  }
}
