package io.updraft.queue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * One subscriber thread: subscribes, delivers run ids, and resubscribes with backoff until closed.
 */
final class RunEventSubscription implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunEventSubscription.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(100);
  private static final Duration MAX_RETRY = Duration.ofSeconds(5);
  private static final Duration READY_WAIT = Duration.ofSeconds(3);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final RedisClient client;
  private final String channel;
  private final LongConsumer listener;
  private final Consumer<RunEventSubscription> onClose;
  private final Thread thread;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile boolean closed;
  private volatile Channel current;

  RunEventSubscription(
      RedisClient client,
      String channel,
      LongConsumer listener,
      Consumer<RunEventSubscription> onClose) {
    this.client = client;
    this.channel = channel;
    this.listener = listener;
    this.onClose = onClose;
    this.thread = new Thread(this::run, "run-events-" + channel);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
    try {
      ready.await(READY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    stop.countDown();
    Channel subscribed = current;
    if (subscribed != null && subscribed.active) {
      subscribed.unsubscribeOnce();
    }
    onClose.accept(this);
    if (Thread.currentThread() != thread) {
      try {
        thread.join(STOP_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    Duration retry = FIRST_RETRY;
    boolean outage = false;
    while (!closed) {
      Channel attempt = new Channel(outage);
      current = attempt;
      try {
        client.subscribe(attempt, channel); // returns once unsubscribed
      } catch (RuntimeException e) {
        if (closed) {
          break;
        }
        if (attempt.active) {
          // It was up before it dropped: a new outage, so start the backoff again and say so.
          retry = FIRST_RETRY;
          outage = false;
        }
        if (outage) {
          log.debug("Run event subscription on {} failed again: {}", channel, e.toString());
        } else {
          log.warn("Run event subscription on {} failed, retrying: {}", channel, e.toString());
        }
        outage = true;
      }
      if (!closed) {
        await(retry);
        retry = retry.multipliedBy(2).compareTo(MAX_RETRY) < 0 ? retry.multipliedBy(2) : MAX_RETRY;
      }
    }
  }

  private void await(Duration pause) {
    try {
      stop.await(pause.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      closed = true;
      Thread.currentThread().interrupt();
    }
  }

  /** One attempt's subscription; a new one each time, as Jedis keeps per-connection state in it. */
  private final class Channel extends JedisPubSub {
    private final boolean resumed;
    private final AtomicBoolean unsubscribed = new AtomicBoolean();
    volatile boolean active;

    Channel(boolean resumed) {
      this.resumed = resumed;
    }

    @Override
    public void onSubscribe(String name, int subscribedChannels) {
      active = true;
      ready.countDown();
      if (resumed) {
        log.info("Run event subscription on {} is back", channel);
      }
      // close() may have run before this subscription became active and so not seen it.
      if (closed) {
        unsubscribeOnce();
      }
    }

    @Override
    public void onMessage(String name, String message) {
      if (closed) {
        return;
      }
      long dagRunId;
      try {
        dagRunId = Long.parseLong(message);
      } catch (NumberFormatException e) {
        log.warn("Ignoring a run event on {} that is not a run id", channel);
        return;
      }
      try {
        listener.accept(dagRunId);
      } catch (RuntimeException e) {
        log.warn("A run event listener on {} failed", channel, e);
      }
    }

    /**
     * A second UNSUBSCRIBE would leave a stray reply on a connection that goes back to the pool.
     */
    void unsubscribeOnce() {
      if (unsubscribed.compareAndSet(false, true)) {
        try {
          unsubscribe();
        } catch (RuntimeException e) {
          log.debug("Unsubscribing from {} failed; the connection is gone anyway", channel, e);
        }
      }
    }
  }
}
