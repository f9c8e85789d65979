package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskNodeJsonTest {
  @Test
  void an_unmapped_unlimited_task_is_stored_as_before_mapping_existed_so_its_hash_stays() {
    Dag dag = Dag.builder("plain").task(Task.java("t", ctx -> null)).build();

    assertThat(dag.structure().toJson())
        .doesNotContain(
            "mapping",
            "mapped",
            "max_active_tis_per_dag",
            "past",
            "role",
            "doc",
            "teardown",
            "group");
  }

  @Test
  void a_task_that_depends_on_the_past_keeps_it_through_its_stored_json() {
    Dag dag =
        Dag.builder("past")
            .task(Task.java("a", ctx -> null).dependsOnPast())
            .task(Task.java("b", ctx -> null).waitForDownstream())
            .build();

    DagStructure back = DagStructure.fromJson(dag.structure().toJson());

    assertThat(back.task("a").orElseThrow().pastDependency()).isEqualTo(PastDependency.TASK);
    assertThat(back.task("b").orElseThrow().pastDependency())
        .isEqualTo(PastDependency.TASK_AND_DOWNSTREAM);
    assertThat(back.versionHash()).isEqualTo(dag.structure().versionHash());
  }

  @Test
  void a_mapped_and_limited_task_keeps_both_through_its_stored_json() {
    Dag dag =
        Dag.builder("mapped")
            .task(Task.java("t", ctx -> null).expand(List.of(1, "a")).maxActiveTisPerDag(2))
            .build();

    DagStructure back = DagStructure.fromJson(dag.structure().toJson());

    TaskNode node = back.task("t").orElseThrow();
    assertThat(node.mapping().values()).containsExactly(1, "a");
    assertThat(node.maxActiveTisPerDag()).isEqualTo(2);
    assertThat(back.versionHash()).isEqualTo(dag.structure().versionHash());
  }

  @Test
  void roles_and_docs_keep_through_the_stored_json() {
    Dag dag =
        Dag.builder("roles")
            .task(Task.java("make", ctx -> null).asSetup().doc("Creates the cluster"))
            .task(Task.java("work", ctx -> null).after("make"))
            .task(Task.java("drop", ctx -> null).after("work").asTeardown("make"))
            .build();

    DagStructure back = DagStructure.fromJson(dag.structure().toJson());

    assertThat(back.task("make").orElseThrow().role()).isEqualTo(TaskRole.SETUP);
    assertThat(back.task("make").orElseThrow().doc()).isEqualTo("Creates the cluster");
    assertThat(back.task("drop").orElseThrow().isTeardown()).isTrue();
    assertThat(back.task("drop").orElseThrow().upstream())
        .containsExactlyInAnyOrder("make", "work");
    assertThat(back.task("drop").orElseThrow().triggerRule())
        .isEqualTo(TriggerRule.ALL_DONE_SETUP_SUCCESS);
    assertThat(back.task("work").orElseThrow().role()).isNull();
  }
}
