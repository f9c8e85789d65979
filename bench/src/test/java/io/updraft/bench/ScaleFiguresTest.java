package io.updraft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.dag.DagBag;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pure parts of the scale benchmark: its percentiles, headers, options and DAGs. */
class ScaleFiguresTest {
  @Test
  void percentiles_are_nearest_rank() {
    List<Double> hundred = IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();

    assertThat(Percentiles.of(hundred, 50)).isEqualTo(50.0);
    assertThat(Percentiles.of(hundred, 99)).isEqualTo(99.0);
    assertThat(Percentiles.of(List.of(7.0, 1.0, 3.0), 99)).isEqualTo(7.0);
    assertThat(Percentiles.of(List.of(), 50)).isNaN();
  }

  @Test
  void the_server_timing_header_gives_its_duration_and_nan_without_one() {
    assertThat(ServerTiming.millis("app;dur=12.5")).isEqualTo(12.5);
    assertThat(ServerTiming.millis("db;dur=3, app;desc=\"x\";dur=40")).isEqualTo(3.0);
    assertThat(ServerTiming.millis("")).isNaN();
    assertThat(ServerTiming.millis("app;desc=\"no duration\"")).isNaN();
  }

  @Test
  void scale_takes_only_quick_and_names_anything_else() {
    assertThat(ScaleRun.Options.parse(List.of("--scale")).quick()).isFalse();
    assertThat(ScaleRun.Options.parse(List.of("--scale", "--quick")).runsPerDag()).isEqualTo(10);
    assertThat(ScaleRun.Options.parse(List.of("--scale")).runsPerDag()).isEqualTo(100);
    assertThatThrownBy(() -> ScaleRun.Options.parse(List.of("--scale", "--no-celery")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'--no-celery'")
        .hasMessageContaining("--quick");
  }

  @Test
  void page_labels_say_how_much_each_call_shows_of_how_much() {
    List<String> labels =
        ScalePages.calls(2_000, 100, List.<String[]>of(new String[] {"d", "r"})).stream()
            .map(ScalePages.Call::label)
            .toList();

    assertThat(labels.get(0)).endsWith("its first page, 25 of 2,000 DAGs");
    assertThat(labels.get(1)).endsWith("100 runs × 5 tasks of one DAG, another each call");
    assertThat(labels.get(2)).endsWith("its first page, 25 of 200,000 runs of history");
    assertThat(labels.get(3)).endsWith("100 of 2,000 DAGs");
    assertThat(labels).noneMatch(l -> l.contains("(2000 DAGs)"));
  }

  @Test
  void a_full_history_is_a_million_task_instances() {
    ScaleRun.Options full = ScaleRun.Options.parse(List.of("--scale"));

    assertThat((long) ScaleRun.DAGS * full.runsPerDag() * ScaleDags.TASKS).isEqualTo(1_000_000);
  }

  @Test
  void half_the_dags_run_every_minute_and_half_hourly_at_the_minute_measured() {
    DagBag bag = ScaleDags.bag(4, 7, Instant.parse("2026-01-01T00:00:00Z"));

    assertThat(bag.dags())
        .extracting(d -> d.id() + " " + d.schedule().expression())
        .containsExactlyInAnyOrder(
            "scale_0000 * * * * *",
            "scale_0001 7 * * * *",
            "scale_0002 * * * * *",
            "scale_0003 7 * * * *");
    assertThat(bag.dags()).allSatisfy(d -> assertThat(d.tasks()).hasSize(ScaleDags.TASKS));
  }

  @Test
  void milliseconds_keep_a_decimal_below_ten_and_say_na_for_no_figure() {
    assertThat(ScaleReport.ms(2.345)).isEqualTo("2.3 ms");
    assertThat(ScaleReport.ms(1234.4)).isEqualTo("1,234 ms");
    assertThat(ScaleReport.ms(Double.NaN)).isEqualTo("n/a");
  }
}
