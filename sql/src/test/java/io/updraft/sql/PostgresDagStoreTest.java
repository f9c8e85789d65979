package io.updraft.sql;

import static io.updraft.sql.Fixtures.T0;
import static io.updraft.sql.Fixtures.dag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.StoredDag;
import io.updraft.testing.PostgresExtension;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(PostgresExtension.class)
class PostgresDagStoreTest {
  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.shared();

  @Test
  void a_new_dag_is_stored_unpaused_with_its_structure_and_version() {
    DagStructure structure = dag("etl", "extract", "load");

    assertThat(postgres.dags().save(structure, T0)).isTrue();

    StoredDag stored = postgres.dags().find("etl").orElseThrow();
    assertThat(stored.structure()).isEqualTo(structure);
    assertThat(stored.versionHash()).isEqualTo(structure.versionHash());
    assertThat(stored.paused()).isFalse();
    assertThat(stored.updatedAt()).isEqualTo(T0);
  }

  @Test
  void saving_an_unchanged_dag_writes_nothing() {
    postgres.dags().save(dag("etl", "extract", "load"), T0);

    assertThat(postgres.dags().save(dag("etl", "extract", "load"), T0.plusSeconds(60))).isFalse();
    assertThat(postgres.dags().find("etl").orElseThrow().updatedAt()).isEqualTo(T0);
  }

  @Test
  void saving_a_changed_dag_writes_its_new_structure_and_keeps_it_paused() {
    postgres.dags().save(dag("etl", "extract", "load"), T0);
    postgres.dags().setPaused("etl", true);
    DagStructure changed = dag("etl", "extract", "transform", "load");
    Instant later = T0.plusSeconds(60);

    assertThat(postgres.dags().save(changed, later)).isTrue();

    StoredDag stored = postgres.dags().find("etl").orElseThrow();
    assertThat(stored.structure()).isEqualTo(changed);
    assertThat(stored.versionHash()).isEqualTo(changed.versionHash());
    assertThat(stored.updatedAt()).isEqualTo(later);
    assertThat(stored.paused()).isTrue();
  }

  @Test
  void a_dag_can_be_paused_and_unpaused() {
    postgres.dags().save(dag("etl", "extract"), T0);

    postgres.dags().setPaused("etl", true);
    assertThat(postgres.dags().find("etl").orElseThrow().paused()).isTrue();

    postgres.dags().setPaused("etl", false);
    assertThat(postgres.dags().find("etl").orElseThrow().paused()).isFalse();
  }

  @Test
  void pausing_an_unknown_dag_names_it() {
    assertThatThrownBy(() -> postgres.dags().setPaused("nope", true))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void dags_are_listed_by_id_and_unknown_ones_are_not_found() {
    postgres.dags().save(dag("zeta", "a"), T0);
    postgres.dags().save(dag("alpha", "a"), T0);
    postgres.dags().save(dag("mid", "a"), T0);

    assertThat(postgres.dags().list())
        .extracting(StoredDag::dagId)
        .containsExactly("alpha", "mid", "zeta");
    assertThat(postgres.dags().find("nope")).isEmpty();
  }

  @Test
  void a_new_jar_version_of_an_unchanged_structure_is_written_with_its_code_version() {
    postgres.dags().save(dag("etl", "extract", "load"), "v1", T0);

    assertThat(postgres.dags().save(dag("etl", "extract", "load"), "v1", T0.plusSeconds(5)))
        .isFalse();
    assertThat(postgres.dags().save(dag("etl", "extract", "load"), "v2", T0.plusSeconds(10)))
        .isTrue();
    assertThat(postgres.dags().find("etl").orElseThrow().codeVersion()).isEqualTo("v2");
  }

  @Test
  void dags_whose_jar_left_are_deactivated_and_saving_them_again_reactivates_them() {
    postgres.dags().save(dag("from_jar", "a"), "v1", T0);
    postgres.dags().save(dag("still_in_jar", "a"), "v1", T0);
    postgres.dags().save(dag("from_class_path", "a"), T0);

    assertThat(
            postgres.dags().deactivateJarDagsOtherThan(Set.of("still_in_jar"), T0.plusSeconds(5)))
        .containsExactly("from_jar");

    assertThat(postgres.dags().find("from_jar").orElseThrow().active()).isFalse();
    assertThat(postgres.dags().find("still_in_jar").orElseThrow().active()).isTrue();
    assertThat(postgres.dags().find("from_class_path").orElseThrow().active())
        .as("class-path DAGs are never deactivated by the DAGs folder")
        .isTrue();
    assertThat(postgres.dags().deactivateJarDagsOtherThan(Set.of("still_in_jar"), T0)).isEmpty();

    assertThat(postgres.dags().save(dag("from_jar", "a"), "v1", T0.plusSeconds(10))).isTrue();
    assertThat(postgres.dags().find("from_jar").orElseThrow().active()).isTrue();
  }
}
