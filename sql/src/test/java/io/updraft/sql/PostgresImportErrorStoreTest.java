package io.updraft.sql;

import static io.updraft.sql.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.updraft.core.dag.DagFileError;
import io.updraft.core.run.ImportError;
import io.updraft.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(PostgresExtension.class)
class PostgresImportErrorStoreTest {
  private static final Instant T1 = T0.plus(Duration.ofMinutes(1));
  private static final DagFileError BROKEN =
      new DagFileError("broken.jar", "aa11", "broken.jar: not a readable jar (zip END header)");
  private static final DagFileError LOOPY =
      new DagFileError(
          "loopy.jar", "bb22", "loopy.jar: acme.Loopy (DAG 'loopy'): cycle: x -> y -> x");

  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  @Test
  void the_errors_of_failing_files_read_back_by_file_name_and_by_id() {
    postgres.importErrors().replaceAll(List.of(LOOPY, BROKEN), T0);

    List<ImportError> stored = postgres.importErrors().list();

    assertThat(stored)
        .extracting(ImportError::filename, ImportError::codeVersion, ImportError::message)
        .containsExactly(
            tuple("broken.jar", "aa11", BROKEN.message()),
            tuple("loopy.jar", "bb22", LOOPY.message()));
    assertThat(stored).extracting(ImportError::recordedAt).containsOnly(T0);
    assertThat(postgres.importErrors().find(stored.get(1).id())).contains(stored.get(1));
    assertThat(postgres.importErrors().find(stored.get(1).id() + 1000)).isEmpty();
  }

  @Test
  void an_unchanged_error_keeps_its_id_and_time_and_a_new_version_that_fails_replaces_it() {
    postgres.importErrors().replaceAll(List.of(BROKEN), T0);
    ImportError first = postgres.importErrors().list().getFirst();

    postgres.importErrors().replaceAll(List.of(BROKEN), T1);
    assertThat(postgres.importErrors().list()).containsExactly(first);

    DagFileError again = new DagFileError("broken.jar", "cc33", "broken.jar: still not a jar");
    postgres.importErrors().replaceAll(List.of(again), T1);

    assertThat(postgres.importErrors().list())
        .containsExactly(new ImportError(first.id(), "broken.jar", "cc33", again.message(), T1));
  }

  @Test
  void a_file_that_loads_or_leaves_the_folder_loses_its_error() {
    postgres.importErrors().replaceAll(List.of(BROKEN, LOOPY), T0);

    postgres.importErrors().replaceAll(List.of(LOOPY), T1);
    assertThat(postgres.importErrors().list())
        .extracting(ImportError::filename)
        .containsExactly("loopy.jar");

    postgres.importErrors().replaceAll(List.of(), T1);
    assertThat(postgres.importErrors().list()).isEmpty();
  }
}
