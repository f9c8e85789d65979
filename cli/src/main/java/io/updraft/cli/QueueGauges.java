package io.updraft.cli;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.updraft.queue.QueueStats;
import io.updraft.queue.RedisQueueStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The depth and oldest message of every queue, as gauges. A scrape reads them from Redis at most
 * once per {@link #MAX_AGE} (a read scans the keyspace for queue streams); queues that appear later
 * get their gauges on the read that finds them.
 */
final class QueueGauges {
  static final Duration MAX_AGE = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(QueueGauges.class);
  private static final QueueStats EMPTY = new QueueStats("", 0, 0, Duration.ZERO);

  private final RedisQueueStats source;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Set<String> expected;
  private final Map<String, QueueStats> latest = new ConcurrentHashMap<>();
  private Instant readAt = Instant.MIN;

  /** Registers the gauges of {@code expected} queues now, and of the others once found. */
  QueueGauges(
      RedisQueueStats source, MeterRegistry registry, Clock clock, Collection<String> expected) {
    this.source = source;
    this.registry = registry;
    this.clock = clock;
    this.expected = Set.copyOf(expected);
    this.expected.forEach(this::register);
  }

  private void register(String queue) {
    gauge(
        "updraft.queue.messages",
        queue,
        "Messages not yet acked: waiting plus reserved",
        QueueStats::messages);
    gauge(
        "updraft.queue.waiting.messages",
        queue,
        "Messages no worker has taken yet",
        QueueStats::waiting);
    gauge(
        "updraft.queue.reserved.messages",
        queue,
        "Messages a worker reserved and has not acked yet",
        QueueStats::reserved);
    gauge(
        "updraft.queue.oldest.message.age",
        queue,
        "Age in seconds of the oldest message not yet acked; 0 when the queue is empty",
        s -> s.oldestAge().toMillis() / 1000.0);
  }

  private void gauge(
      String name, String queue, String description, ToDoubleFunction<QueueStats> value) {
    Gauge.builder(name, this, g -> value.applyAsDouble(g.stats(queue)))
        .description(description)
        .tag("queue", queue)
        .baseUnit(name.endsWith(".age") ? "seconds" : null)
        .strongReference(true)
        .register(registry);
  }

  private QueueStats stats(String queue) {
    refreshIfOld();
    return latest.getOrDefault(queue, EMPTY);
  }

  /** Redis down keeps the last values: a failed read must not fail the scrape. */
  private synchronized void refreshIfOld() {
    Instant now = clock.instant();
    if (readAt.plus(MAX_AGE).isAfter(now)) {
      return;
    }
    readAt = now;
    List<QueueStats> read;
    try {
      read = source.read(expected, now);
    } catch (RuntimeException e) {
      LOG.warn("Cannot read queue depths from Redis: {}", e.toString());
      return;
    }
    for (QueueStats s : read) {
      if (latest.put(s.queue(), s) == null && !expected.contains(s.queue())) {
        register(s.queue());
      }
    }
  }
}
