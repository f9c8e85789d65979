package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.dag.DagFileError;
import io.updraft.sql.PostgresAssetStore;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The UI in a real headless Chromium ({@link BrowserStack}): sign in, trigger example_hello, watch
 * it turn green, read a task's log; the import-error banner, task groups folding and the assets
 * page. Screenshots land in {@code cli/target/screenshots/} for review.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class BrowserTest {
  private BrowserStack stack;
  private Backends backends;
  private WebDriver browser;
  private String base;

  @BeforeEach
  void start() throws Exception {
    stack = BrowserStack.start();
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
  void a_user_signs_in_triggers_example_hello_watches_it_succeed_and_reads_a_task_log() {
    browser.get(base + "/");
    assertThat(browser.getCurrentUrl()).contains("/login");
    screenshot("01-sign-in");
    browser.findElement(By.id("username")).sendKeys("ada");
    browser.findElement(By.id("password")).sendKeys(BrowserStack.PASSWORD);
    browser.findElement(By.id("sign-in")).click();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getPageSource().contains("<h1>DAGs</h1>"));
    WebElement row = browser.findElement(By.cssSelector("tr[data-dag-id='example_hello']"));
    screenshot("02-dags");
    row.findElement(By.cssSelector("details.trigger summary")).click();
    WebElement conf = row.findElement(By.name("conf"));
    conf.clear();
    conf.sendKeys("{\"who\": \"browser\"}");
    row.findElement(By.cssSelector("button.trigger-submit")).click();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getCurrentUrl().contains("/runs/manual__"));
    String runUrl = browser.getCurrentUrl();
    // The run page refreshes itself while the run is active: no reload here.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> browser.findElement(By.id("run-state")).getText().equals("success"));
    screenshot("03-run-succeeded");
    assertThat(browser.findElements(By.cssSelector("table.tasks .state")))
        .extracting(WebElement::getText)
        .containsOnly("success")
        .hasSize(3);
    assertThat(browser.findElement(By.cssSelector("pre.json")).getText()).contains("browser");

    browser.findElement(By.linkText("example_hello")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !browser.findElements(By.cssSelector("svg.graph")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("svg.graph g.node.state-success"))).hasSize(3);
    screenshot("04-grid-and-graph");

    browser.get(runUrl);
    browser.findElement(By.linkText("echo")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> browser.findElement(By.id("log")).getText().contains("run manual__"));
    assertThat(browser.findElement(By.id("log")).getText()).contains("hello from example_hello");
    assertThat(browser.findElement(By.id("task-state")).getText()).isEqualTo("success");
    screenshot("05-task-log");
  }

  @Test
  void the_dags_page_shows_a_banner_of_the_jars_that_did_not_load_as_text() {
    // As a scheduler reading a DAGs folder records them.
    backends.importErrors.replaceAll(
        List.of(
            new DagFileError(
                "loopy.jar",
                "d5c0f22ea5d7",
                "loopy.jar: version d5c0f22ea5d7 is not deployed: none of its DAGs are loaded; fix"
                    + " the errors that follow and copy the jar again\n"
                    + "loopy.jar: acme.Loopy (DAG 'loopy'): cycle: x -> y -> x"
                    + " <img src=x id=injected>")),
        backends.clock.instant());

    signIn();

    WebElement banner = browser.findElement(By.cssSelector("section.import-errors"));
    assertThat(banner.isDisplayed()).isTrue();
    assertThat(banner.findElement(By.tagName("h2")).getText()).isEqualTo("Import errors (1)");
    assertThat(banner.findElement(By.cssSelector("[data-filename='loopy.jar'] pre")).getText())
        .contains("copy the jar again")
        .contains("cycle: x -> y -> x <img src=x id=injected>");
    assertThat(browser.findElements(By.id("injected"))).isEmpty();
    // Above the DAGs, where it cannot be missed.
    assertThat(banner.getLocation().getY())
        .isLessThan(
            browser
                .findElement(By.cssSelector("tr[data-dag-id='example_hello']"))
                .getLocation()
                .getY());
    screenshot("10-import-errors");
  }

  @Test
  void task_groups_fold_and_unfold_in_the_grid_and_the_graph() {
    signIn();
    browser.get(base + "/dags/example_task_group");
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

    browser.get(base + "/dags/example_task_group");
    WebElement orders = browser.findElement(By.cssSelector("tr[data-task-id='extract.orders']"));
    WebElement geo = browser.findElement(By.cssSelector("tr[data-task-id='transform.enrich.geo']"));
    assertThat(orders.isDisplayed()).isFalse();
    browser.findElement(By.cssSelector("button.group-toggle[data-group='extract']")).click();
    assertThat(orders.isDisplayed()).isTrue();
    browser.findElement(By.cssSelector("button.group-toggle[data-group='transform']")).click();
    assertThat(geo.isDisplayed()).isFalse();
    browser
        .findElement(By.cssSelector("button.group-toggle[data-group='transform.enrich']"))
        .click();
    assertThat(geo.isDisplayed()).isTrue();
    screenshot("11-grid-groups-unfolded");
    browser.findElement(By.cssSelector("button.group-toggle[data-group='transform']")).click();
    assertThat(geo.isDisplayed()).isFalse();

    assertThat(browser.findElements(By.cssSelector("svg.graph g.node.group.state-success")))
        .hasSize(2);
    browser.findElement(By.cssSelector("svg.graph g.node.group[data-task-id='transform']")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getCurrentUrl().contains("expand=transform"));
    assertThat(
            browser.findElements(
                By.cssSelector("svg.graph g.node[data-task-id='transform.clean'].state-success")))
        .hasSize(1);
    assertThat(browser.findElements(By.cssSelector("svg.graph g.node.group"))).hasSize(2);
    screenshot("12-graph-group-unfolded");
  }

  @Test
  void the_assets_page_linked_from_the_nav_lists_an_external_update_as_text() {
    new PostgresAssetStore(backends.database)
        .recordExternal(
            "s3://bucket/orders.parquet",
            Map.of("note", "<img src=x id=injected>"),
            "ada",
            backends.clock.instant());

    signIn();
    browser.findElement(By.linkText("Assets")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getPageSource().contains("<h1>Assets</h1>"));

    WebElement events = browser.findElement(By.cssSelector("table.asset-events"));
    assertThat(events.getText())
        .contains("s3://bucket/orders.parquet")
        .contains("external (ada)")
        .contains("<img src=x id=injected>");
    assertThat(browser.findElements(By.id("injected"))).isEmpty();
    assertThat(browser.findElement(By.cssSelector("table.assets")).getText())
        .contains("s3://bucket/orders.parquet")
        .contains("example_asset_consumer");
    screenshot("13-assets");
  }

  private void signIn() {
    stack.signIn();
  }

  private void screenshot(String name) {
    stack.screenshot(name);
  }
}
