package io.updraft.queue;

import io.updraft.core.queue.RunEvents;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * {@link RunEvents} on Redis pub/sub: the channel {@code <namespace>:events:runs} carries dag run
 * ids in decimal. Pub/sub keeps nothing for absent subscribers, which suits wake-up calls that a
 * periodic sweep backs up. {@link #close()} ends every subscription and closes the client.
 */
public final class RedisRunEvents implements RunEvents {
  private static final Logger log = LoggerFactory.getLogger(RedisRunEvents.class);

  private final RedisClient client;
  private final String channel;
  private final Set<RunEventSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean publishFailing = new AtomicBoolean();

  /**
   * @param client the client to use; each subscription holds one of its connections, and {@link
   *     #close()} closes it
   * @param namespace prefix of the channel, so deployments can share one Redis
   */
  public RedisRunEvents(RedisClient client, String namespace) {
    this.client = Objects.requireNonNull(client, "client");
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("The Redis namespace must not be blank");
    }
    this.channel = namespace + ":events:runs";
  }

  /** Publishes {@code dagRunId}; never throws, since a lost wake-up only delays planning. */
  @Override
  public void publish(long dagRunId) {
    try {
      client.publish(channel, Long.toString(dagRunId));
      if (publishFailing.compareAndSet(true, false)) {
        log.info("Publishing run events on {} works again", channel);
      }
    } catch (RuntimeException e) {
      // Warn once per outage rather than once per event.
      if (publishFailing.compareAndSet(false, true)) {
        log.warn("Could not publish a run event on {}: {}", channel, e.toString());
      } else {
        log.debug("Could not publish a run event on {}: {}", channel, e.toString());
      }
    }
  }

  /**
   * Subscribes {@code listener} on a daemon thread of its own that resubscribes when the connection
   * drops. Returns once the subscription is active, or after a few seconds if Redis cannot be
   * reached (it keeps trying). Closing the returned handle stops delivery.
   */
  @Override
  public AutoCloseable subscribe(LongConsumer listener) {
    Objects.requireNonNull(listener, "listener");
    RunEventSubscription subscription =
        new RunEventSubscription(client, channel, listener, subscriptions::remove);
    subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  @Override
  public void close() {
    subscriptions.forEach(RunEventSubscription::close);
    client.close();
  }
}
