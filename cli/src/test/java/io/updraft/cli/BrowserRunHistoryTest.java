package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskGroup;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * What runs did, in a real headless Chromium ({@link BrowserStack}): the grid's cells and run heads
 * open their pages, the graph shows a picked run with a group unfolded, a run's Gantt chart shows a
 * retried task's two tries, and the task duration and landing time charts plot the runs.
 * Screenshots 30 to 36 land in {@code cli/target/screenshots/}.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class BrowserRunHistoryTest {
  private static final String DAG_ID = "run_history_demo";

  /** Fails its first try on purpose, so the Gantt chart has a retry to draw. */
  private static final Dag DAG =
      Dag.builder(DAG_ID)
          .task(Task.java("extract", ctx -> "rows"))
          .task(
              Task.java(
                      "flaky",
                      ctx -> {
                        if (ctx.tryNumber() == 1) {
                          throw new IllegalStateException("the first try fails on purpose");
                        }
                        return "second try";
                      })
                  .retries(1)
                  .retryDelay(Duration.ZERO)
                  .after("extract"))
          .task(
              Task.java("load", ctx -> ctx.mapValue())
                  .expand(List.of("a", "b", "c"))
                  .after("extract"))
          .group(TaskGroup.of("report").after("flaky").task(Task.java("mail", ctx -> "sent")))
          .build();

  private BrowserStack stack;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    stack = BrowserStack.start(DAG);
    browser = stack.browser;
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void two_runs_are_read_through_the_grid_the_graph_of_a_picked_run_a_gantt_and_the_charts() {
    stack.signIn();
    String first = triggerAndWaitForSuccess();
    String second = triggerAndWaitForSuccess();

    // The grid: two columns under their duration bars; a cell opens its task instance.
    stack.open("/dags/" + DAG_ID);
    assertThat(browser.findElements(By.cssSelector("a.run-bar"))).hasSize(2);
    assertThat(browser.findElements(By.cssSelector("a.cell.mapped"))).hasSize(2);
    stack.screenshot("30-grid");
    browser
        .findElement(
            By.cssSelector(
                "a.cell[href$='/runs/" + BrowserStack.encode(first) + "/tasks/extract']"))
        .click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getCurrentUrl().endsWith("/tasks/extract"));
    assertThat(browser.findElement(By.id("task-state")).getText()).isEqualTo("success");

    // A run's bar opens the run's page, which links to its Gantt chart.
    stack.open("/dags/" + DAG_ID);
    browser
        .findElement(By.cssSelector("a.run-bar[href$='/runs/" + BrowserStack.encode(second) + "']"))
        .click();
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> browser.findElement(By.id("run-state")).getText().equals("success"));
    stack.screenshot("31-run-page");

    // The graph of the older run, then with its report group unfolded: still that run.
    stack.open("/dags/" + DAG_ID);
    new Select(browser.findElement(By.name("run_id"))).selectByValue(first);
    browser.findElement(By.cssSelector("button.run-pick")).click();
    await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().contains("run_id="));
    assertThat(browser.findElement(By.id("graph")).getText()).contains("of " + first);
    // extract, flaky, load (its three instances in one box) and the folded report group.
    assertThat(browser.findElements(By.cssSelector("svg.graph g.node.state-success"))).hasSize(4);
    stack.screenshot("32-graph-of-a-picked-run");
    browser.findElement(By.cssSelector("svg.graph g.node.group[data-task-id='report']")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getCurrentUrl().contains("expand=report"));
    assertThat(browser.getCurrentUrl())
        .contains("run_id=" + BrowserStack.encode(first).replace("%20", "+"));
    assertThat(browser.findElements(By.cssSelector("svg.graph g.node[data-task-id='report.mail']")))
        .hasSize(1);
    stack.screenshot("33-graph-group-unfolded");

    // The Gantt chart, from the graph: flaky's row has two tries.
    browser.findElement(By.linkText("Gantt of this run")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !browser.findElements(By.cssSelector("svg.gantt")).isEmpty());
    List<WebElement> tries = browser.findElements(By.cssSelector("svg.gantt g.try"));
    // extract, flaky twice, load's three instances, report.mail.
    assertThat(tries).hasSize(7);
    assertThat(browser.findElements(By.cssSelector("svg.gantt g.try[data-state='up_for_retry']")))
        .hasSize(1);
    stack.screenshot("34-gantt");

    // The charts, from the DAG page.
    stack.open("/dags/" + DAG_ID);
    browser.findElement(By.linkText("Task durations")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !browser.findElements(By.cssSelector("svg.run-chart")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("svg.run-chart g[data-task-id='flaky'] circle")))
        .hasSize(2);
    stack.screenshot("35-task-durations");
    stack.open("/dags/" + DAG_ID);
    browser.findElement(By.linkText("Landing times")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getPageSource().contains("<h1>Landing times of"));
    // Four tasks (the mapped one counts once) in two runs.
    assertThat(browser.findElements(By.cssSelector("svg.run-chart circle"))).hasSize(8);
    stack.screenshot("36-landing-times");
  }

  /** Triggers the DAG from its page and waits on the run page until the run succeeds. */
  private String triggerAndWaitForSuccess() {
    stack.open("/dags/" + DAG_ID);
    browser.findElement(By.cssSelector("details.trigger summary")).click();
    browser.findElement(By.cssSelector("button.trigger-submit")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getCurrentUrl().contains("/runs/manual__"));
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> browser.findElement(By.id("run-state")).getText().equals("success"));
    String url = browser.getCurrentUrl();
    return java.net.URLDecoder.decode(
        url.substring(url.lastIndexOf("/runs/") + "/runs/".length()),
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
