package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AssetsDslTest {
  private static final Asset SALES = Asset.of("s3://bucket/sales.parquet", "sales");

  @Test
  void an_asset_needs_a_scheme_and_no_credentials_and_never_echoes_them() {
    assertThat(Asset.of("s3://bucket/sales.parquet").name()).isEqualTo("s3://bucket/sales.parquet");
    assertThatThrownBy(() -> Asset.of("sales.parquet")).hasMessageContaining("no scheme");
    assertThatThrownBy(() -> Asset.of("postgres://app:hunter2@db/sales"))
        .hasMessageContaining("credentials")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> Asset.of("s3://bucket/a b")).hasMessageContaining("whitespace");
    assertThatThrownBy(() -> Asset.of(" ")).hasMessageContaining("needs a URI");
  }

  @Test
  void an_asset_schedule_has_no_time_part_unless_one_is_added() {
    Schedule onAssets = Schedule.onAssets(SALES);
    Schedule orDaily = onAssets.or("@daily");

    assertThat(onAssets.isNone()).isTrue();
    assertThat(onAssets.assets()).containsExactly(SALES);
    assertThat(orDaily.isCron()).isTrue();
    assertThat(orDaily.expression()).isEqualTo("@daily");
    assertThat(orDaily.assets()).containsExactly(SALES);
    assertThat(orDaily).isNotEqualTo(Schedule.parse("@daily"));
    assertThatThrownBy(() -> Schedule.onAssets()).hasMessageContaining("at least one asset");
    assertThatThrownBy(() -> Schedule.parse("@daily").or("@hourly"))
        .hasMessageContaining("names no asset");
  }

  @Test
  void a_dag_stores_its_schedule_assets_and_its_tasks_outlets() {
    DagStructure structure =
        Dag.builder("report")
            .schedule(Schedule.onAssets(SALES))
            .task(Task.java("export", ctx -> null).outlets(Asset.of("s3://bucket/report.csv")))
            .build()
            .structure();

    assertThat(structure.scheduleAssets()).containsExactly(SALES);
    assertThat(structure.schedule()).isEqualTo("none");
    assertThat(structure.task("export").orElseThrow().outlets())
        .extracting(Asset::uri)
        .containsExactly("s3://bucket/report.csv");
    assertThat(DagStructure.fromJson(structure.toJson())).isEqualTo(structure);
  }

  @Test
  void a_dag_without_assets_keeps_the_json_and_so_the_version_hash_it_had_before() {
    String json =
        Dag.builder("plain")
            .schedule("@daily")
            .startDate(LocalDate.of(2026, 1, 1))
            .task(Task.java("t", ctx -> null))
            .build()
            .structure()
            .toJson();

    assertThat(json).doesNotContain("outlets").doesNotContain("schedule_assets");
  }
}
