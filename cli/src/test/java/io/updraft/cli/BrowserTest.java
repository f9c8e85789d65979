package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.api.ApiServer;
import io.updraft.core.auth.Role;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagFileError;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.scheduler.SchedulerService;
import io.updraft.sql.PostgresAssetStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.worker.Worker;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The UI in a real headless Chromium, over a standalone-like stack (scheduler, worker and API on
 * real PostgreSQL and Redis): sign in, trigger example_hello, watch it turn green, read a task's
 * log. Screenshots land in {@code cli/target/screenshots/} for review.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromedriver} only, never a downloaded browser; the
 * test fails, rather than skips, when they are missing.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class BrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String PASSWORD = "browser-test-password";

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

  private Backends backends;
  private SchedulerService scheduler;
  private Worker worker;
  private ApiServer api;
  private WebDriver browser;
  private String base;

  @BeforeEach
  void start() throws Exception {
    requireChromium();
    var db = PostgresExtension.database();
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 6))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()));
    backends = Backends.open(config, true);
    List<Dag> all = new ArrayList<>(Processes.loadDags().dags());
    all.add(SLOW);
    all.add(LONG);
    DagBag dags = DagBag.of(all.toArray(Dag[]::new));
    scheduler = Processes.scheduler(backends, dags);
    scheduler.start();
    worker = Processes.worker(backends, dags, "browser-worker", List.of("default"), 4);
    worker.start();
    api = Processes.api(backends).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + api.port();
    UsersCommand.create(backends, "ada", Role.OP, PASSWORD);
    browser = chromium();
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (api != null) {
      api.close();
    }
    if (worker != null) {
      worker.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
    if (backends != null) {
      backends.close();
    }
  }

  @Test
  void a_user_signs_in_triggers_example_hello_watches_it_succeed_and_reads_a_task_log() {
    browser.get(base + "/");
    assertThat(browser.getCurrentUrl()).contains("/login");
    screenshot("01-sign-in");
    browser.findElement(By.id("username")).sendKeys("ada");
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
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
    browser.get(base + "/login");
    browser.findElement(By.id("username")).sendKeys("ada");
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.id("sign-in")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getPageSource().contains("<h1>DAGs</h1>"));
  }

  private static String encode(String segment) {
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** Fails with what to do when the machine has no Debian chromium. */
  private static void requireChromium() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError(
          "Browser tests need Debian's chromium and chromedriver at "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ". Install them with: apt-get install -y chromium chromium-driver (.ci/run does).");
    }
  }

  private static WebDriver chromium() throws IOException {
    // An explicit driver and binary: Selenium Manager never runs, so nothing is downloaded.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    Path profile = Files.createTempDirectory("chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    return new ChromeDriver(service, options);
  }

  private void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
      Files.copy(
          shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
