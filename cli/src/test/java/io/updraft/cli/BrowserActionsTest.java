package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Param;
import io.updraft.core.dag.Task;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The trigger form built from params, a task's actions (mark failed, clear with downstream, with
 * the browser's confirmation) and its tries; then every page in dark mode and in an 800 px window.
 * Screenshots 40 to 49 land in {@code cli/target/screenshots/}.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class BrowserActionsTest {
  private static final String HOSTILE = "<img src=x id=injected onerror=alert(1)>";

  private static final Dag PARAMS =
      Dag.builder("browser_params")
          .description("Greets with params")
          .param("who", Param.of("world").description("Whom to greet " + HOSTILE))
          .param("count", Param.required("integer").description("How many greetings"))
          .param("loud", Param.of(false))
          .param("options", Param.of(Map.of("lang", "en")))
          .task(
              Task.bash("greet", "for i in $(seq 1 \"$COUNT\"); do echo \"hello $WHO\"; done")
                  .env("WHO", "{{ params.who }}")
                  .env("COUNT", "{{ params.count }}"))
          .task(Task.bash("report", "echo reported").after("greet"))
          .build();

  private BrowserStack stack;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    stack = BrowserStack.start(PARAMS);
    browser = stack.browser;
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void an_op_triggers_through_the_params_form_marks_a_task_failed_and_clears_it() {
    stack.signIn();
    stack.open("/dags/browser_params/trigger");
    assertThat(browser.findElement(By.id("param-who")).getAttribute("value")).isEqualTo("world");
    assertThat(browser.findElement(By.id("param-loud")).isSelected()).isFalse();
    assertThat(browser.findElement(By.cssSelector("[data-param='who'] .description")).getText())
        .contains(HOSTILE);
    assertThat(browser.findElements(By.id("injected"))).isEmpty();
    browser.findElement(By.id("param-who")).clear();
    browser.findElement(By.id("param-who")).sendKeys("form");
    stack.screenshot("40-trigger-form");

    // The required count left empty: the form comes back with the error by the field.
    browser.findElement(By.id("trigger-submit")).click();
    WebElement countField =
        await()
            .atMost(Duration.ofSeconds(20))
            .ignoreExceptions()
            .until(
                () -> browser.findElement(By.cssSelector("[data-param='count'].invalid")),
                field -> field != null);
    assertThat(countField.findElement(By.cssSelector(".field-error")).getText())
        .contains("param 'count' is required (integer)");
    assertThat(browser.findElement(By.id("param-who")).getAttribute("value")).isEqualTo("form");
    stack.screenshot("41-trigger-refused");

    browser.findElement(By.id("param-count")).sendKeys("2");
    browser.findElement(By.id("param-loud")).click();
    browser.findElement(By.id("trigger-submit")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getCurrentUrl().contains("/runs/manual__"));
    String runUrl = browser.getCurrentUrl();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> browser.findElement(By.id("run-state")).getText().equals("success"));
    assertThat(browser.findElement(By.cssSelector("pre.json")).getText())
        .contains("\"who\" : \"form\"", "\"count\" : 2", "\"loud\" : true");

    browser.findElement(By.linkText("greet")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> browser.findElement(By.id("log")).getText().contains("hello form"));
    // The log's lines carry the time they were written.
    assertThat(browser.findElement(By.id("log")).getText()).containsPattern("\\d\\d:\\d\\d:\\d\\d");

    browser.findElement(By.id("mark-failed")).click();
    assertThat(browser.switchTo().alert().getText())
        .isEqualTo(
            "Mark task greet of run "
                + runUrl
                    .substring(runUrl.lastIndexOf('/') + 1)
                    .replace("%3A", ":")
                    .replace("%2B", "+")
                + " failed?");
    browser.switchTo().alert().accept();
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> browser.findElement(By.id("task-state")).getText().equals("failed"));
    stack.screenshot("42-task-marked-failed");

    // A dismissed confirmation posts nothing.
    browser.findElement(By.id("clear-task")).click();
    browser.switchTo().alert().dismiss();
    assertThat(browser.findElement(By.id("task-state")).getText()).isEqualTo("failed");

    browser.findElement(By.id("clear-downstream")).click();
    browser.findElement(By.id("clear-task")).click();
    browser.switchTo().alert().accept();
    // Cleared, the task runs a second try; the page refreshes itself until it ends.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                browser.findElements(By.cssSelector("table.tries tbody tr")).size() == 2
                    && browser.findElement(By.id("task-state")).getText().equals("success"));
    List<WebElement> tries = browser.findElements(By.cssSelector("table.tries tbody tr"));
    assertThat(tries.get(0).getText()).contains("1", "failed", "log of try 1");
    assertThat(tries.get(1).getText()).contains("2", "success", "browser-worker", "log of try 2");
    stack.screenshot("43-task-tries");

    browser.get(runUrl);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> browser.findElement(By.id("run-state")).getText().equals("success"));
  }

  @Test
  void every_page_is_readable_in_dark_mode_and_usable_in_an_800_px_window() {
    ChromeDriver chrome = (ChromeDriver) browser;
    chrome.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    browser.manage().window().setSize(new Dimension(1280, 900));
    stack.open("/login");
    assertThat(darkBackground()).isTrue();
    stack.screenshot("44-dark-login");
    stack.signIn();
    WebElement row = browser.findElement(By.cssSelector("tr[data-dag-id='example_hello']"));
    row.findElement(By.cssSelector("details.trigger summary")).click();
    row.findElement(By.cssSelector("button.trigger-submit")).click();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> browser.findElement(By.id("run-state")).getText().equals("success"));
    String gantt = browser.getCurrentUrl().replaceFirst("[?#].*$", "") + "/gantt";
    browser.get(gantt);
    assertThat(browser.findElements(By.cssSelector("svg.chart"))).isNotEmpty();
    stack.screenshot("37-dark-gantt");
    stack.open("/");
    stack.screenshot("45-dark-dags");
    stack.open("/dags/example_hello");
    assertThat(browser.findElements(By.cssSelector("svg.graph g.node.state-success"))).hasSize(3);
    stack.screenshot("46-dark-dag-grid-graph");
    stack.open("/dags/browser_params/trigger");
    stack.screenshot("47-dark-trigger-form");

    browser.manage().window().setSize(new Dimension(800, 900));
    for (String page :
        List.of(
            "/",
            "/dags/example_hello",
            "/dags/browser_params/trigger",
            "/assets",
            "/pools",
            "/workers",
            "/connections",
            "/variables",
            "/runs",
            "/audit-log",
            "/dags/example_hello/durations",
            "/dags/example_hello/landing-times",
            gantt.substring(stack.base.length()))) {
      stack.open(page);
      assertThat(darkBackground()).as(page).isTrue();
      assertThat(pageWiderThanWindow()).as("%s scrolls sideways as a whole", page).isFalse();
    }
    stack.open("/");
    stack.screenshot("48-narrow-dark-dags");
    stack.open("/dags/example_hello");
    browser.findElement(By.cssSelector("svg.graph g.node[data-task-id='echo']")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> browser.findElement(By.id("task-state")).getText().equals("success"));
    assertThat(pageWiderThanWindow()).isFalse();
    stack.screenshot("49-narrow-dark-task");
  }

  private boolean darkBackground() {
    String colour = browser.findElement(By.tagName("body")).getCssValue("background-color");
    return colour.equals("rgba(20, 24, 29, 1)") || colour.equals("rgb(20, 24, 29)");
  }

  /** Whether the page as a whole is wider than the window, rather than a table inside it. */
  private boolean pageWiderThanWindow() {
    Object wider =
        ((JavascriptExecutor) browser)
            .executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1;");
    return Boolean.TRUE.equals(wider);
  }
}
