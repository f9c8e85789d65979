package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Task logs in a real headless Chromium ({@link BrowserStack}): a running task's log follows in the
 * page, and a long log opens at its tail and loads back whole.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class BrowserLogTest {
  /** Writes a first chunk of log, then keeps running long enough for a page to follow it. */
  private static final Dag SLOW =
      Dag.builder("browser_slow")
          .task(
              Task.bash(
                  "chatty",
                  "for i in $(seq 1 250); do echo \"line $i\"; done; sleep 6; echo 'tick done'"))
          .build();

  /** Logs more than a task page shows at first, and ends at once. */
  private static final Dag LONG =
      Dag.builder("browser_long")
          .task(Task.bash("long", "for i in $(seq 1 2500); do echo \"line $i <i>\"; done"))
          .build();

  private BrowserStack stack;
  private Backends backends;
  private WebDriver browser;
  private String base;

  @BeforeEach
  void start() throws Exception {
    stack = BrowserStack.start(SLOW, LONG);
    backends = stack.backends;
    browser = stack.browser;
    base = stack.base;
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void the_log_of_a_running_task_follows_in_the_page_until_the_task_ends() {
    signIn();
    DagRun run =
        backends
            .runs
            .createRun(
                NewDagRun.manual(SLOW.id(), backends.clock.instant(), Map.of()), SLOW.structure())
            .orElseThrow();
    backends.events().publish(run.id());
    // Open the page while the task runs, once its first chunk of log is stored.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              TaskInstance ti = backends.runs.taskInstances(run.id()).getFirst();
              return ti.state() == TaskState.RUNNING && backends.logs.read(ti.id(), 1).size() > 1;
            });
    browser.get(base + "/dags/browser_slow/runs/" + encode(run.runId()) + "/tasks/chatty");

    WebElement log = browser.findElement(By.id("log"));
    assertThat(log.getAttribute("data-follow")).isEqualTo("true");
    assertThat(log.getText()).contains("line 199").doesNotContain("tick done");
    screenshot("06-log-following");
    await()
        .atMost(Duration.ofSeconds(40))
        .ignoreExceptions()
        .until(() -> browser.findElement(By.id("log")).getText().contains("tick done"));
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> browser.findElement(By.id("task-state")).getText().equals("success"));
    screenshot("07-log-followed-to-the-end");
  }

  @Test
  void a_long_log_opens_at_its_tail_and_load_earlier_brings_back_the_whole_log_in_order() {
    signIn();
    DagRun run =
        backends
            .runs
            .createRun(
                NewDagRun.manual(LONG.id(), backends.clock.instant(), Map.of()), LONG.structure())
            .orElseThrow();
    backends.events().publish(run.id());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> backends.runs.taskInstances(run.id()).getFirst().state() == TaskState.SUCCESS);
    TaskInstance ti = backends.runs.taskInstances(run.id()).getFirst();
    String whole = String.join("\n", backends.logs.read(ti.id(), 1)).strip();
    browser.get(base + "/dags/browser_long/runs/" + encode(run.runId()) + "/tasks/long");

    WebElement log = browser.findElement(By.id("log"));
    assertThat(log.getText()).contains("line 2500 <i>").doesNotContain("line 1 <i>");
    screenshot("08-long-log-tail");
    while (!browser.findElements(By.id("log-earlier")).isEmpty()) {
      browser.findElement(By.id("log-earlier")).click();
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () ->
                  browser.findElements(By.id("log-earlier")).isEmpty()
                      || browser.findElement(By.id("log-earlier")).isEnabled());
    }

    assertThat(browser.findElement(By.id("log")).getText().strip()).isEqualTo(whole);
    assertThat(browser.findElement(By.id("log")).findElements(By.tagName("i"))).isEmpty();
    screenshot("09-long-log-whole");
  }

  private void signIn() {
    stack.signIn();
  }

  private void screenshot(String name) {
    stack.screenshot(name);
  }

  private static String encode(String segment) {
    return BrowserStack.encode(segment);
  }
}
