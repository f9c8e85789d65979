package io.updraft.sql;

import static io.updraft.sql.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagQuery;
import io.updraft.core.run.DagStore.DagChoices;
import io.updraft.core.run.StoredDag;
import io.updraft.testing.PostgresExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The DAGs' tags and owners that the DAGs page offers and filters by, kept by PostgreSQL from each
 * DAG's structure (V046): on a DAG's first save, on a change, and for DAGs stored before V046.
 */
@ExtendWith(PostgresExtension.class)
class DagLabelsTest {
  private Database database;

  @AfterEach
  void close() {
    database.close();
  }

  private PostgresDagStore migrated() {
    database = Fixtures.connect(PostgresExtension.newDatabase());
    database.migrate();
    return new PostgresDagStore(database);
  }

  static DagStructure labelled(String dagId, List<String> tags, List<String> owners) {
    DagStructure d = Fixtures.dag(dagId, "only");
    return new DagStructure(
        d.dagId(),
        d.description(),
        d.schedule(),
        d.timezone(),
        d.startDate(),
        d.catchup(),
        tags,
        d.tasks(),
        d.endDate(),
        d.maxActiveRuns(),
        d.maxActiveTasks(),
        d.runTimeoutSeconds(),
        d.params(),
        d.scheduleAssets(),
        owners);
  }

  private static List<String> ids(PostgresDagStore dags, DagQuery query) {
    return dags.page(query, 0, 100).dags().stream().map(StoredDag::dagId).toList();
  }

  private static DagChoices choices(PostgresDagStore dags) {
    return dags.page(DagQuery.all(), 0, 0).choices();
  }

  private static DagQuery tagged(String... tags) {
    return new DagQuery(null, false, List.of(tags), null, null, null);
  }

  private static DagQuery ownedBy(String owner) {
    return new DagQuery(null, false, List.of(), owner, null, null);
  }

  @Test
  void choices_list_every_tag_and_owner_once_sorted_and_follow_a_changed_structure() {
    PostgresDagStore dags = migrated();
    assertThat(choices(dags)).isEqualTo(new DagChoices(List.of(), List.of()));

    dags.save(labelled("sales", List.of("finance", "daily"), List.of("ada")), T0);
    dags.save(labelled("ledger", List.of("finance", "weekly"), List.of("grace", "ada")), T0);
    dags.save(labelled("hr", List.of(), List.of()), T0);
    assertThat(choices(dags))
        .isEqualTo(new DagChoices(List.of("daily", "finance", "weekly"), List.of("ada", "grace")));

    dags.save(labelled("ledger", List.of("monthly"), List.of()), T0.plusSeconds(60));
    assertThat(choices(dags))
        .isEqualTo(new DagChoices(List.of("daily", "finance", "monthly"), List.of("ada")));
  }

  @Test
  void choices_kept_between_pages_follow_a_dag_registered_changed_or_deleted_whatever_its_time() {
    PostgresDagStore dags = migrated();
    dags.save(labelled("sales", List.of("finance"), List.of("ada")), T0);
    assertThat(choices(dags)).isEqualTo(new DagChoices(List.of("finance"), List.of("ada")));

    // Saved with an older time than the DAG before it, as a scheduler whose clock lags would.
    dags.save(labelled("hr", List.of("people"), List.of("grace")), T0.minusSeconds(3600));
    assertThat(choices(dags))
        .isEqualTo(new DagChoices(List.of("finance", "people"), List.of("ada", "grace")));

    dags.save(labelled("hr", List.of("staff"), List.of("grace")), T0.minusSeconds(3600));
    assertThat(choices(dags))
        .isEqualTo(new DagChoices(List.of("finance", "staff"), List.of("ada", "grace")));

    // Pausing writes the row without changing its labels: the same choices.
    dags.setPaused("sales", true);
    assertThat(choices(dags))
        .isEqualTo(new DagChoices(List.of("finance", "staff"), List.of("ada", "grace")));

    database.dsl().execute("delete from dag where dag_id = 'hr'");
    assertThat(choices(dags)).isEqualTo(new DagChoices(List.of("finance"), List.of("ada")));
    assertThat(dags.page(DagQuery.all(), 0, 0).allDags()).isEqualTo(1);
  }

  @Test
  void the_tag_filter_keeps_dags_with_any_of_its_tags_and_the_owner_filter_ignores_case() {
    PostgresDagStore dags = migrated();
    dags.save(labelled("sales", List.of("finance", "daily"), List.of("ada")), T0);
    dags.save(labelled("ledger", List.of("finance"), List.of("grace", "Ada")), T0);
    dags.save(labelled("hr", List.of("people"), List.of()), T0);

    assertThat(ids(dags, tagged("daily"))).containsExactly("sales");
    assertThat(ids(dags, tagged("daily", "people"))).containsExactly("hr", "sales");
    assertThat(ids(dags, tagged("finance"))).containsExactly("ledger", "sales");
    assertThat(ids(dags, tagged("Finance", "%", "fin_nce"))).isEmpty();
    assertThat(ids(dags, ownedBy("ADA"))).containsExactly("ledger", "sales");
    assertThat(ids(dags, ownedBy("grace"))).containsExactly("ledger");
    assertThat(ids(dags, ownedBy("%"))).isEmpty();
    assertThat(dags.page(tagged("finance"), 0, 1).matchingAnyPaused()).isEqualTo(2);
  }

  @Test
  void dags_stored_before_the_columns_existed_get_their_tags_and_owners() {
    database = MigratedDatabase.upTo("45");
    PostgresDagStore before = new PostgresDagStore(database);
    before.save(labelled("sales", List.of("finance"), List.of("ada")), T0);
    before.save(labelled("hr", List.of("people"), List.of()), T0);

    database.migrate();
    PostgresDagStore dags = new PostgresDagStore(database);

    assertThat(choices(dags))
        .isEqualTo(new DagChoices(List.of("finance", "people"), List.of("ada")));
    assertThat(ids(dags, tagged("people"))).containsExactly("hr");
    assertThat(ids(dags, ownedBy("Ada"))).containsExactly("sales");
  }
}
