package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.hooks.aws.S3Hook;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote task logs when the worker dies: the scheduler reaps the try, then ships its log to a real
 * S3 API server (S3Proxy) itself, on real PostgreSQL and Redis.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ReapedTryRemoteLogTest {
  @TempDir Path dir;
  private RemoteLogsFixture fx;

  @BeforeEach
  void connection() {
    fx = new RemoteLogsFixture(dir);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void the_log_of_a_try_whose_worker_died_is_shipped_by_the_scheduler_once_it_reaped_the_try()
      throws Exception {
    fx.createBucket();
    // A scheduler alone, quick to reap: the try's worker claims it, logs, and dies.
    fx.configure(
        "s3://" + fx.bucket + "/reaped",
        "scheduler:\n  sweep_interval_ms: 200\n  zombie_after_seconds: 2\n");
    Backends b = fx.backends;
    Dag talky = RemoteLogsFixture.TALKY;
    fx.opened(Processes.scheduler(b, DagBag.of(talky))).start();
    b.dags.save(talky.structure(), b.clock.instant());
    DagRun run =
        b.runs
            .createRun(NewDagRun.manual(talky.id(), b.clock.instant(), Map.of()), talky.structure())
            .orElseThrow();
    b.events().publish(run.id());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> b.runs.taskInstances(run.id()).getFirst().state() == TaskState.QUEUED);
    TaskInstance queued = b.runs.taskInstances(run.id()).getFirst();
    Instant now = b.clock.instant();
    b.runs.claim(List.of(TaskChange.claim(queued.id(), 1, "dying-worker", now)));
    b.runs.heartbeat("dying-worker", List.of(queued.id()), now);
    b.logs.append(queued.id(), 1, List.of("line 0", "line 1", "the last words"));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> b.runs.findRun(run.id()).orElseThrow().state() == RunState.FAILED);
    await().atMost(Duration.ofSeconds(30)).until(() -> fx.location(queued).size() == 1);

    String key = RemoteLogsFixture.talkLogKey("reaped", run.runId());
    assertThat(fx.location(queued)).containsExactly("s3://" + fx.bucket + "/" + key);
    assertThat(fx.postgresLines(queued)).isZero();
    try (S3Hook s3 = fx.hooks.open("logs_s3", S3Hook.class)) {
      assertThat(s3.readString(fx.bucket, key)).contains("line 0", "line 1", "the last words");
    }
    assertThat(b.logReader().read(queued.id(), 1)).contains("the last words");
  }
}
