package bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.BackgroundJob;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

/**
 * The same workloads as Updraft's benchmark, through JobRunr OSS with PostgreSQL storage, client and
 * background job server in this one JVM: a burst of no-op jobs, a chain where each job enqueues the
 * next (OSS has no built-in continuation), and enqueue-to-start latency. Prints one JSON object.
 *
 * <p>{@code java -Dbench.url=jdbc:postgresql://127.0.0.1:5432/jobrunr_bench -Dbench.user=postgres
 * -jar jobrunr-bench.jar [TASKS [CHAIN [TRIGGERS]]]}; the database named in {@code bench.url} is
 * dropped and created again through the server's {@code postgres} database.
 *
 * <p>The poll interval is 5 s, the smallest JobRunr 8 accepts with a SQL storage provider ({@code
 * AbstractStorageProvider.validatePollInterval} rejects less; the default is 15 s). The server also
 * fetches work as soon as a worker thread goes idle, so hand-offs are often faster than a poll.
 */
public final class JobRunrBench {
  static final Duration POLL = Duration.ofSeconds(5);
  static final int WORKERS = 16; // JobRunr's default on 2 cores: 8 per core.
  static final AtomicLong DONE = new AtomicLong();
  static final List<Long> CHAIN_STARTS = Collections.synchronizedList(new ArrayList<>());
  static final ConcurrentHashMap<Integer, Long> STARTED = new ConcurrentHashMap<>();

  private JobRunrBench() {}

  public static void noop() {
    DONE.incrementAndGet();
  }

  public static void chainStep(int index, int length) {
    CHAIN_STARTS.add(System.nanoTime());
    int next = index + 1; // JobRunr refuses arithmetic inside a job lambda
    if (next < length) {
      BackgroundJob.enqueue(() -> chainStep(next, length));
    }
  }

  public static void mark(int id) {
    STARTED.put(id, System.nanoTime());
  }

  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int chain = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int triggerCount = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    String url =
        System.getProperty("bench.url", "jdbc:postgresql://127.0.0.1:5432/jobrunr_bench");
    String user = System.getProperty("bench.user", "postgres");
    String password = System.getProperty("bench.password");
    recreateDatabase(url, user, password);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(WORKERS);
    HikariDataSource dataSource = new HikariDataSource(config);
    JobRunr.configure()
        .useStorageProvider(new PostgresStorageProvider(dataSource))
        .useBackgroundJobServer(
            BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andWorkerCount(WORKERS)
                .andPollInterval(POLL))
        .initialize();

    // Warm up: the server is ready once it has run one job.
    BackgroundJob.enqueue(() -> noop());
    waitUntil(() -> DONE.get() >= 1, Duration.ofMinutes(1));
    DONE.set(0);

    PeakRss rss = new PeakRss();
    long start = System.nanoTime();
    BackgroundJob.enqueue(IntStream.range(0, tasks).boxed(), i -> noop());
    waitUntil(() -> DONE.get() >= tasks, Duration.ofMinutes(20));
    double seconds = (System.nanoTime() - start) / 1e9;
    long rssMb = rss.stop();

    BackgroundJob.enqueue(() -> chainStep(0, chain));
    waitUntil(() -> CHAIN_STARTS.size() >= chain, Duration.ofMinutes(60));
    List<Double> handoffs = new ArrayList<>();
    for (int i = 1; i < CHAIN_STARTS.size(); i++) {
      handoffs.add((CHAIN_STARTS.get(i) - CHAIN_STARTS.get(i - 1)) / 1e6);
    }

    List<Double> triggers = new ArrayList<>();
    for (int id = 0; id < triggerCount; id++) {
      int key = id;
      long sent = System.nanoTime();
      BackgroundJob.enqueue(() -> mark(key));
      waitUntil(() -> STARTED.containsKey(key), Duration.ofMinutes(1));
      triggers.add((STARTED.get(key) - sent) / 1e6);
    }

    System.out.printf(
        Locale.ROOT,
        "{\"peer\": \"JobRunr 8.7.0 OSS (PostgreSQL storage, %d workers, poll %d s, one JVM)\","
            + " \"tasks\": %d, \"throughput_tasks_per_s\": %.1f, \"chain_handoff_p50_ms\": %.3f,"
            + " \"chain_handoff_p99_ms\": %.3f, \"chain_gaps\": %d,"
            + " \"trigger_to_start_p50_ms\": %.3f, \"triggers\": %d, \"worker_rss_mb\": %d,"
            + " \"worker_processes\": 1}%n",
        WORKERS,
        POLL.toSeconds(),
        tasks,
        tasks / seconds,
        percentile(handoffs, 50),
        percentile(handoffs, 99),
        handoffs.size(),
        percentile(triggers, 50),
        triggers.size(),
        rssMb);
    System.exit(0);
  }

  private static void recreateDatabase(String url, String user, String password)
      throws Exception {
    int slash = url.lastIndexOf('/');
    int query = url.indexOf('?', slash);
    String name = query < 0 ? url.substring(slash + 1) : url.substring(slash + 1, query);
    String admin = url.substring(0, slash + 1) + "postgres" + (query < 0 ? "" : url.substring(query));
    try (Connection c = DriverManager.getConnection(admin, user, password);
        Statement st = c.createStatement()) {
      st.execute("drop database if exists \"" + name + "\"");
      st.execute("create database \"" + name + "\"");
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("JobRunr did not finish within " + timeout);
      }
      Thread.sleep(1);
    }
  }

  /** Nearest rank, as Updraft's bench computes it. */
  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /** Samples this JVM's resident memory every 100 ms and keeps the peak. */
  private static final class PeakRss {
    private final AtomicLong peakKb = new AtomicLong();
    private volatile boolean running = true;
    private final Thread sampler;

    PeakRss() {
      sampler = new Thread(this::sample, "rss-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }

    private void sample() {
      while (running) {
        peakKb.accumulateAndGet(rssKb(), Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long stop() throws InterruptedException {
      running = false;
      sampler.join();
      return Math.max(peakKb.get(), rssKb()) / 1024;
    }

    private static long rssKb() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("\\D", ""));
          }
        }
      } catch (Exception e) {
        // No /proc: no sample.
      }
      return 0;
    }
  }
}
