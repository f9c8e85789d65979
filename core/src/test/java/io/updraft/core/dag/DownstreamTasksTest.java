package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DownstreamTasksTest {
  private static Task noop(String id) {
    return Task.java(id, ctx -> null);
  }

  private static final DagStructure DIAMOND =
      Dag.builder("diamond")
          .task(noop("start"))
          .task(noop("left").after("start"))
          .task(noop("right").after("start"))
          .task(noop("join").after("left", "right"))
          .task(noop("alone"))
          .build()
          .structure();

  @Test
  void a_task_reaches_everything_below_it_once() {
    assertThat(DownstreamTasks.including(DIAMOND, Set.of("start")))
        .containsExactlyInAnyOrder("start", "left", "right", "join");
  }

  @Test
  void a_task_in_the_middle_reaches_only_what_follows_it() {
    assertThat(DownstreamTasks.including(DIAMOND, Set.of("left")))
        .containsExactlyInAnyOrder("left", "join");
    assertThat(DownstreamTasks.including(DIAMOND, Set.of("alone"))).containsExactly("alone");
  }

  @Test
  void upstream_reaches_everything_a_task_depends_on_once_and_nothing_beside_it() {
    assertThat(UpstreamTasks.including(DIAMOND, Set.of("join")))
        .containsExactlyInAnyOrder("join", "left", "right", "start");
    assertThat(UpstreamTasks.including(DIAMOND, Set.of("left")))
        .containsExactlyInAnyOrder("left", "start");
    assertThat(UpstreamTasks.including(DIAMOND, Set.of("alone"))).containsExactly("alone");
  }
}
