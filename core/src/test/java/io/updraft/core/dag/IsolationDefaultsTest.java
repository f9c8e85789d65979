package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a Java task's tries run: the task's choice, then its DAG's, then its worker's. */
class IsolationDefaultsTest {
  private final TaskCallable callable = ctx -> 1;

  @Test
  void a_dag_that_isolates_java_tasks_isolates_those_that_did_not_choose() {
    Dag dag =
        Dag.builder("all_isolated")
            .isolatedJavaTasks("1g")
            .task(Task.java("plain", callable))
            .task(Task.java("own_heap", callable).isolated("2g"))
            .task(Task.java("stays", callable).isolated(false))
            .task(Task.bash("shell", "true"))
            .build();

    assertThat(dag.task("plain").orElseThrow().operator())
        .isEqualTo(new IsolatedJavaOperator(callable, "1g"));
    assertThat(dag.task("own_heap").orElseThrow().operator())
        .isEqualTo(new IsolatedJavaOperator(callable, "2g"));
    assertThat(dag.task("stays").orElseThrow().operator())
        .isEqualTo(new JavaOperator(callable, true));
    assertThat(dag.task("shell").orElseThrow().operator()).isInstanceOf(BashOperator.class);
  }

  @Test
  void the_default_heap_is_512m_and_the_stored_structure_shows_each_choice() {
    Dag dag =
        Dag.builder("shown")
            .isolatedJavaTasks()
            .task(Task.java("plain", callable))
            .task(Task.java("stays", callable).isolated(false))
            .build();

    assertThat(dag.task("plain").orElseThrow().operator().describe())
        .isEqualTo(Map.of("isolated", true, "max_heap", "512m"));
    assertThat(dag.task("stays").orElseThrow().operator().describe())
        .isEqualTo(Map.of("isolated", false));
    assertThat(Task.java("untouched", callable).operator().describe()).isEmpty();
  }

  @Test
  void a_dag_without_the_default_keeps_its_java_tasks_in_process() {
    Dag dag = Dag.builder("in_process").task(Task.java("plain", callable)).build();

    assertThat(dag.task("plain").orElseThrow().operator())
        .isEqualTo(new JavaOperator(callable, false));
  }

  @Test
  void isolated_false_undoes_isolated_and_isolated_true_is_isolated() {
    assertThat(Task.java("t", callable).isolated().isolated(false).operator())
        .isEqualTo(new JavaOperator(callable, true));
    assertThat(Task.java("t", callable).isolated(false).isolated(true).operator())
        .isEqualTo(new IsolatedJavaOperator(callable, "512m"));
    assertThatThrownBy(() -> Task.bash("b", "true").isolated(false))
        .hasMessage("Task 'b' is a bash task: only Java tasks run isolated");
  }

  @Test
  void a_worker_that_isolates_java_tasks_isolates_those_that_did_not_opt_out() {
    Operator plain = new JavaOperator(callable);
    Operator optedOut = new JavaOperator(callable, true);
    Operator ownHeap = new IsolatedJavaOperator(callable, "2g");
    Operator bash = Task.bash("b", "true").operator();

    assertThat(JavaTaskIsolation.byWorkerDefault(plain, true))
        .isEqualTo(new IsolatedJavaOperator(callable, "512m"));
    assertThat(JavaTaskIsolation.byWorkerDefault(optedOut, true)).isSameAs(optedOut);
    assertThat(JavaTaskIsolation.byWorkerDefault(ownHeap, true)).isSameAs(ownHeap);
    assertThat(JavaTaskIsolation.byWorkerDefault(bash, true)).isSameAs(bash);
    assertThat(JavaTaskIsolation.byWorkerDefault(plain, false)).isSameAs(plain);
  }

  @Test
  void the_child_runs_isolated_tasks_and_java_tasks_its_worker_isolates_but_no_opted_out_one() {
    assertThat(JavaTaskIsolation.isolatedCallable(Task.java("a", callable).isolated()))
        .isSameAs(callable);
    assertThat(JavaTaskIsolation.isolatedCallable(Task.java("b", callable))).isSameAs(callable);
    assertThat(JavaTaskIsolation.isolatedCallable(Task.java("c", callable).isolated(false)))
        .isNull();
    assertThat(JavaTaskIsolation.isolatedCallable(Task.bash("d", "true"))).isNull();
  }

  @Test
  void a_dag_default_heap_that_is_not_an_xmx_size_is_refused_at_once() {
    assertThatThrownBy(() -> Dag.builder("bad").isolatedJavaTasks("much"))
        .hasMessageContaining("-Xmx size such as 512m or 2g, got 'much'");
  }
}
