package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.config.SchedulerConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.Task;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.StoredDag;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** New DAGs start paused unless the DAG says otherwise, as Airflow's default; known ones keep. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class PausedOnCreationTest {
  private static final Dag PLAIN =
      Dag.builder("plain").schedule("@daily").task(Task.bash("t", "true")).build();
  private static final Dag EAGER =
      Dag.builder("eager")
          .schedule("@daily")
          .pausedOnCreation(false)
          .task(Task.bash("t", "true"))
          .build();

  private final Clock clock = Clock.systemUTC();
  private TestBackends backends;

  @BeforeEach
  void open() {
    backends = new TestBackends(clock);
  }

  @AfterEach
  void close() {
    backends.close();
  }

  private void register(boolean pausedOnCreation, Dag... dags) throws Exception {
    SchedulerService scheduler =
        new SchedulerService(
            SchedulerSettings.builder(new SchedulerConfig(60_000, 60))
                .pausedOnCreation(pausedOnCreation)
                .build(),
            DagSource.of(DagBag.of(dags)),
            backends.dags,
            backends.importErrors,
            backends.runs,
            backends.queue,
            backends.events,
            backends.database.dataSource(),
            clock,
            MetricsRecorder.NONE);
    scheduler.start();
    scheduler.close();
  }

  private boolean paused(String dagId) {
    return backends.dags.find(dagId).map(StoredDag::paused).orElseThrow();
  }

  @Test
  void a_new_dag_starts_paused_unless_it_says_otherwise() throws Exception {
    register(true, PLAIN, EAGER);

    assertThat(paused("plain")).isTrue();
    assertThat(paused("eager")).isFalse();
  }

  @Test
  void a_registered_dag_keeps_its_paused_flag_when_it_is_registered_again() throws Exception {
    register(true, PLAIN);
    backends.dags.setPaused("plain", false);

    register(true, Dag.builder("plain").schedule("@hourly").task(Task.bash("t", "true")).build());

    assertThat(paused("plain")).isFalse();
  }

  @Test
  void with_paused_on_creation_off_new_dags_start_active() throws Exception {
    register(false, PLAIN);

    assertThat(paused("plain")).isFalse();
  }
}
