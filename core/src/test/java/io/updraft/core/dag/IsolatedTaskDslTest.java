package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IsolatedTaskDslTest {
  @Test
  void an_isolated_java_task_keeps_its_callable_and_shows_its_heap() {
    TaskCallable callable = ctx -> 1;
    Task task = Task.java("load", callable).isolated().isolated("2g");

    assertThat(task.operator()).isEqualTo(new IsolatedJavaOperator(callable, "2g"));
    assertThat(task.operator().kind()).isEqualTo("java");
    assertThat(task.operator().describe()).isEqualTo(Map.of("isolated", true, "max_heap", "2g"));
  }

  @Test
  void only_java_tasks_run_isolated_and_the_heap_is_an_xmx_size() {
    assertThatThrownBy(() -> Task.bash("b", "true").isolated())
        .hasMessage("Task 'b' is a bash task: only Java tasks run isolated");
    assertThatThrownBy(() -> Task.java("j", ctx -> 1).isolated("lots"))
        .hasMessageContaining("-Xmx size such as 512m or 2g, got 'lots'");
  }
}
