package io.updraft.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TryLogIdTest {
  @Test
  void a_manual_run_id_keeps_one_segment_with_its_colons_and_plus_encoded() {
    TryLogId id = new TryLogId(7, "orders", "manual__2026-03-01T00:00:00+00:00", "load", -1, 2);

    assertThat(id.relativePath())
        .isEqualTo("orders/manual__2026-03-01T00%3A00%3A00%2B00%3A00/load/-1/2.log");
  }

  @Test
  void hostile_ids_stay_single_segments_and_never_climb_out() {
    for (String hostile : new String[] {"..", ".", "../../../etc", "a/b", "%2E%2E", "x\\..\\y"}) {
      String path = new TryLogId(1, hostile, hostile, hostile, 0, 1).relativePath();

      String[] segments = path.split("/");
      assertThat(segments).hasSize(5);
      assertThat(Arrays.asList(segments)).doesNotContain("..", ".", "");
      assertThat(path).doesNotContain("..");
    }
  }

  @Test
  void the_encoding_is_one_to_one() {
    assertThat(TryLogId.segment("a%2Fb")).isNotEqualTo(TryLogId.segment("a/b"));
    assertThat(TryLogId.segment("a.b")).isEqualTo("a%2Eb");
    assertThat(TryLogId.segment("é")).isEqualTo("%C3%A9");
  }
}
