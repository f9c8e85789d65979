package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.audit.AuditEvent;
import io.updraft.sql.PostgresEventLog;
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
import org.openqa.selenium.support.ui.Select;

/**
 * The DAGs page's filters, the runs list and the audit log in a real headless Chromium ({@link
 * BrowserStack}); screenshots 20 to 29 land in {@code cli/target/screenshots/}.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class BrowserRunsAuditTest {
  private BrowserStack stack;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    stack = BrowserStack.start();
    browser = stack.browser;
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void an_op_filters_dags_triggers_finds_the_run_in_the_runs_list_and_then_in_the_audit_log() {
    stack.signIn();
    int all = browser.findElements(By.cssSelector("table.dags tbody tr")).size();
    assertThat(all).isGreaterThan(1);
    assertThat(browser.findElement(By.cssSelector("nav.dag-counts a.selected")).getText())
        .isEqualTo("All " + all);

    browser.findElement(By.name("search")).sendKeys("HELLO");
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getCurrentUrl().contains("search=HELLO"));
    assertThat(browser.findElements(By.cssSelector("table.dags tbody tr")))
        .extracting(r -> r.getAttribute("data-dag-id"))
        .containsExactly("example_hello");
    stack.screenshot("20-dags-filtered");

    WebElement row = browser.findElement(By.cssSelector("tr[data-dag-id='example_hello']"));
    row.findElement(By.cssSelector("details.trigger summary")).click();
    row.findElement(By.cssSelector("button.trigger-submit")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getCurrentUrl().contains("/runs/manual__"));
    String runUrl = browser.getCurrentUrl();

    browser.findElement(By.linkText("Runs")).click();
    new Select(browser.findElement(By.name("run_type"))).selectByValue("manual");
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              browser.navigate().refresh();
              return browser
                  .findElement(By.cssSelector("table.runs tbody tr .state"))
                  .getText()
                  .equals("success");
            });
    assertThat(browser.getCurrentUrl()).contains("run_type=manual");
    WebElement runRow = browser.findElement(By.cssSelector("table.runs tbody tr"));
    assertThat(runRow.getText()).contains("example_hello", "manual", " s");
    stack.screenshot("21-runs");
    runRow.findElement(By.cssSelector("a[href*='/runs/manual__']")).click();
    assertThat(browser.getCurrentUrl()).isEqualTo(runUrl);

    // A stored value with markup, as a hostile actor or extra would be, stays text.
    new PostgresEventLog(stack.backends.database)
        .record(
            new AuditEvent(
                0,
                stack.backends.clock.instant(),
                "<img src=x id=injected-actor>",
                "variable.update",
                null,
                null,
                null,
                "api",
                "10.0.0.9",
                Map.of("key", "<script id=injected-extra>alert(1)</script>")));
    browser.findElement(By.linkText("Audit log")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getPageSource().contains("<h1>Audit log</h1>"));
    String log = browser.findElement(By.cssSelector("table.audit-log")).getText();
    assertThat(log).contains("trigger", BrowserStack.USER, "example_hello", "manual__");
    assertThat(log).contains("<img src=x id=injected-actor>", "<script id=injected-extra>");
    assertThat(browser.findElements(By.id("injected-actor"))).isEmpty();
    assertThat(browser.findElements(By.id("injected-extra"))).isEmpty();
    stack.screenshot("22-audit-log");

    browser.findElement(By.name("event")).sendKeys("trigger");
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getCurrentUrl().contains("event=trigger"));
    assertThat(browser.findElements(By.cssSelector("table.audit-log tbody tr"))).hasSize(1);
    stack.screenshot("23-audit-log-filtered");
  }
}
