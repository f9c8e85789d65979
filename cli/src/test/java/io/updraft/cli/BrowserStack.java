package io.updraft.cli;

import static org.awaitility.Awaitility.await;

import io.updraft.api.ApiServer;
import io.updraft.core.auth.Role;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.worker.Worker;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * What every browser test stands on: a standalone-like stack (scheduler, worker and API on real
 * PostgreSQL and Redis, the example DAGs plus the test's own), an {@code op} user and a headless
 * Chromium. Test classes of the UI open one per test and close it after; screenshots land in {@code
 * cli/target/screenshots/} for review.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromedriver} only, never a downloaded browser; a
 * test fails, rather than skips, when they are missing. Needs {@link PostgresExtension} and {@link
 * RedisExtension} on the test class.
 */
final class BrowserStack implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final String USER = "ada";
  static final String PASSWORD = "browser-test-password";

  final Backends backends;
  final SchedulerService scheduler;
  final Worker worker;
  final ApiServer api;
  final WebDriver browser;
  final String base;

  private BrowserStack(
      Backends backends,
      SchedulerService scheduler,
      Worker worker,
      ApiServer api,
      WebDriver browser) {
    this.backends = backends;
    this.scheduler = scheduler;
    this.worker = worker;
    this.api = api;
    this.browser = browser;
    this.base = "http://127.0.0.1:" + api.port();
  }

  /** Starts the stack with the example DAGs and {@code extraDags}, and a browser not signed in. */
  static BrowserStack start(Dag... extraDags) throws Exception {
    requireChromium();
    var db = PostgresExtension.database();
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 6))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()));
    Backends backends = Backends.open(config, true);
    SchedulerService scheduler = null;
    Worker worker = null;
    ApiServer api = null;
    try {
      List<Dag> all = new ArrayList<>(Processes.loadDags().dags());
      all.addAll(List.of(extraDags));
      DagBag dags = DagBag.of(all.toArray(Dag[]::new));
      scheduler = Processes.scheduler(backends, dags);
      scheduler.start();
      worker = Processes.worker(backends, dags, "browser-worker", List.of("default"), 4);
      worker.start();
      api = Processes.api(backends).start("127.0.0.1", 0);
      UsersCommand.create(backends, USER, Role.OP, PASSWORD);
      return new BrowserStack(backends, scheduler, worker, api, chromium());
    } catch (Exception e) {
      closeAll(null, api, worker, scheduler, backends);
      throw e;
    }
  }

  /** Opens {@code path} (starting with a slash) on the API server. */
  void open(String path) {
    browser.get(base + path);
  }

  /** Signs in as the {@code op} user and waits for the DAGs page. */
  void signIn() {
    open("/login");
    browser.findElement(By.id("username")).sendKeys(USER);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.id("sign-in")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> browser.getPageSource().contains("<h1>DAGs</h1>"));
  }

  /** Saves what the browser shows as {@code target/screenshots/NAME.png}. */
  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
      Files.copy(
          shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A run id or other value as one URL path segment. */
  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    closeAll(browser, api, worker, scheduler, backends);
  }

  private static void closeAll(
      WebDriver browser,
      ApiServer api,
      Worker worker,
      SchedulerService scheduler,
      Backends backends) {
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
}
