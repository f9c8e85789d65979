package io.updraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void markup_characters_become_entities() {
    assertThat(Html.escape("<a href=\"x\" title='y'>&</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  }

  @Test
  void plain_text_and_null_pass_through() {
    assertThat(Html.escape("manual__2026-01-01T00:00:00+00:00"))
        .isEqualTo("manual__2026-01-01T00:00:00+00:00");
    assertThat(Html.escape(null)).isEmpty();
  }
}
