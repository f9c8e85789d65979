package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.updraft.core.config.SchedulerConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagFileError;
import io.updraft.core.dag.DagLoadError;
import io.updraft.core.dag.DagSnapshot;
import io.updraft.core.dag.DagSource;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.ImportError;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scheduler stores which DAG files did not load, as its DAGs folder shows them. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ImportErrorsRegistrationTest {
  private static final DagFileError BROKEN =
      new DagFileError("broken.jar", "aa11", "broken.jar: not a readable jar (zip END header)");

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

  /** What a DAGs folder would give, or the class path's DAGs when {@code readsDagJars} is false. */
  private static DagSource source(boolean readsDagJars, DagFileError... errors) {
    DagSnapshot snapshot =
        new DagSnapshot(
            Map.of(),
            List.of(errors).stream()
                .map(e -> new DagLoadError(e.file(), null, e.message()))
                .toList(),
            List.of(errors));
    return new DagSource() {
      @Override
      public DagSnapshot current() {
        return snapshot;
      }

      @Override
      public Dag dag(String dagId, String codeVersion) {
        throw new AssertionError("no DAG runs here");
      }

      @Override
      public boolean readsDagJars() {
        return readsDagJars;
      }
    };
  }

  private void register(DagSource source) throws Exception {
    SchedulerService scheduler =
        new SchedulerService(
            SchedulerSettings.builder(new SchedulerConfig(60_000, 60)).build(),
            source,
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

  @Test
  void a_file_that_fails_is_recorded_and_forgotten_once_the_folder_no_longer_shows_it()
      throws Exception {
    register(source(true, BROKEN));

    assertThat(backends.importErrors.list())
        .extracting(ImportError::filename, ImportError::codeVersion, ImportError::message)
        .containsExactly(tuple("broken.jar", "aa11", BROKEN.message()));

    register(source(true));

    assertThat(backends.importErrors.list()).isEmpty();
  }

  @Test
  void a_scheduler_without_the_dags_folder_leaves_the_errors_the_others_recorded()
      throws Exception {
    register(source(true, BROKEN));

    register(source(false));

    assertThat(backends.importErrors.list())
        .extracting(ImportError::filename)
        .containsExactly("broken.jar");
  }
}
