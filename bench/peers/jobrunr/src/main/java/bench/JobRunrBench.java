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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.BackgroundJob;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

/**
 * The same workloads as Updraft's benchmark, through JobRunr OSS with PostgreSQL storage: a burst
 * of no-op jobs, a chain where each job enqueues the next (OSS has no built-in continuation), and
 * enqueue-to-start latency. Prints one JSON object.
 */
public final class JobRunrBench {
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
    String server = System.getProperty("bench.postgres", "jdbc:postgresql://127.0.0.1:5432/");
    try (Connection admin = DriverManager.getConnection(server + "postgres?user=postgres");
        Statement st = admin.createStatement()) {
      st.execute("drop database if exists jobrunr_bench");
      st.execute("create database jobrunr_bench");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server + "jobrunr_bench?user=postgres");
    config.setMaximumPoolSize(16);
    HikariDataSource dataSource = new HikariDataSource(config);
    Duration poll = Duration.ofSeconds(Long.getLong("bench.pollSeconds", 5));
    JobRunr.configure()
        .useStorageProvider(new PostgresStorageProvider(dataSource))
        .useBackgroundJobServer(
            BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andWorkerCount(16)
                .andPollInterval(poll))
        .initialize();

    long start = System.nanoTime();
    BackgroundJob.enqueue(IntStream.range(0, tasks).boxed(), i -> noop());
    waitUntil(() -> DONE.get() >= tasks, Duration.ofMinutes(10));
    double seconds = (System.nanoTime() - start) / 1e9;
    long rssMb = rssMb();

    BackgroundJob.enqueue(() -> chainStep(0, chain));
    waitUntil(() -> CHAIN_STARTS.size() >= chain, Duration.ofMinutes(60));
    List<Double> handoffs = new ArrayList<>();
    for (int i = 1; i < CHAIN_STARTS.size(); i++) {
      handoffs.add((CHAIN_STARTS.get(i) - CHAIN_STARTS.get(i - 1)) / 1e6);
    }

    List<Double> triggers = new ArrayList<>();
    for (int id = 0; id < 10; id++) {
      int key = id;
      long sent = System.nanoTime();
      BackgroundJob.enqueue(() -> mark(key));
      waitUntil(() -> STARTED.containsKey(key), Duration.ofMinutes(1));
      triggers.add((STARTED.get(key) - sent) / 1e6);
    }

    System.out.printf(
        "{\"peer\": \"jobrunr 8.7.0 (postgres storage, 16 workers, poll %ds)\", \"tasks\": %d,"
            + " \"throughput_tasks_per_s\": %.1f, \"chain_handoff_p50_ms\": %.3f,"
            + " \"chain_handoff_p99_ms\": %.3f, \"trigger_to_start_p50_ms\": %.3f,"
            + " \"worker_rss_mb\": %d}%n",
        poll.toSeconds(), tasks, tasks / seconds, percentile(handoffs, 50), percentile(handoffs, 99),
        percentile(triggers, 50), rssMb);
    System.exit(0);
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

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.round(p / 100.0 * (sorted.size() - 1))));
  }

  private static long rssMb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
