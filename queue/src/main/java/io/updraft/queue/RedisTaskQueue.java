package io.updraft.queue;

import io.updraft.core.queue.Delivery;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.queue.TaskQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A {@link TaskQueue} on Redis streams: one stream per queue, {@code <namespace>:queue:<queue>},
 * read through the consumer group {@code workers}.
 *
 * <p>A reserved message stays pending until it is acked. One left pending longer than {@code
 * redeliverAfter} (its consumer died, or is still busy) is claimed by the next consumer that
 * reserves from its queue, so nothing is lost. Acked messages are deleted, so a stream only holds
 * work not yet done. If Redis loses the group (a restart without persistence, a flush), it is
 * created again from the start of the stream. Safe for concurrent use; {@link #close()} closes the
 * client.
 */
public final class RedisTaskQueue implements TaskQueue {
  static final String GROUP = "workers";

  private static final Logger log = LoggerFactory.getLogger(RedisTaskQueue.class);
  private static final Duration MAX_SCAN_PAUSE = Duration.ofSeconds(1);

  private final RedisClient client;
  private final String streamPrefix;
  private final long redeliverAfterMillis;
  private final long scanPauseNanos;
  private final Set<String> streamsWithGroup = ConcurrentHashMap.newKeySet();
  private final Map<String, PendingScan> pendingScans = new ConcurrentHashMap<>();
  private final AtomicInteger nextFirstQueue = new AtomicInteger();

  /**
   * @param client the client to use; closed by {@link #close()}
   * @param namespace prefix of every key, so deployments can share one Redis
   * @param redeliverAfter how long a reserved message may stay unacked before another consumer may
   *     take it; longer than the time between reserve and ack of a healthy worker
   */
  public RedisTaskQueue(RedisClient client, String namespace, Duration redeliverAfter) {
    this.client = Objects.requireNonNull(client, "client");
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("The Redis namespace must not be blank");
    }
    if (redeliverAfter.toMillis() < 1) {
      throw new IllegalArgumentException(
          "redeliverAfter must be at least 1 ms, not " + redeliverAfter);
    }
    this.streamPrefix = namespace + ":queue:";
    this.redeliverAfterMillis = redeliverAfter.toMillis();
    // Nothing turns claimable faster than entries go idle, so a scan that went round may rest.
    Duration pause = redeliverAfter.dividedBy(4);
    this.scanPauseNanos = (pause.compareTo(MAX_SCAN_PAUSE) < 0 ? pause : MAX_SCAN_PAUSE).toNanos();
  }

  @Override
  public void push(List<TaskMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    List<Map<String, String>> entries = messages.stream().map(TaskMessageFields::encode).toList();
    messages.stream().map(TaskMessage::queue).distinct().forEach(this::ensureGroup);
    List<Response<StreamEntryID>> replies = new ArrayList<>(messages.size());
    try (Pipeline pipeline = client.pipelined()) {
      for (int i = 0; i < messages.size(); i++) {
        replies.add(
            pipeline.xadd(
                streamKey(messages.get(i).queue()), XAddParams.xAddParams(), entries.get(i)));
      }
      pipeline.sync();
    }
    replies.forEach(Response::get); // a pipeline reports errors such as WRONGTYPE only here
  }

  @Override
  public List<Delivery> reserve(String consumer, List<String> queues, int max, Duration block) {
    if (consumer == null || consumer.isBlank()) {
      throw new IllegalArgumentException("A consumer name is required to reserve messages");
    }
    if (queues.isEmpty() || max < 1 || block.isNegative()) {
      throw new IllegalArgumentException(
          "reserve needs at least one queue, max >= 1 and a block >= 0; got queues="
              + queues
              + ", max="
              + max
              + ", block="
              + block);
    }
    List<String> order = rotate(queues);
    long deadline = System.nanoTime() + block.toNanos();
    List<Delivery> out = new ArrayList<>(Math.min(max, 256));
    try {
      reserveInto(out, consumer, order, max, block);
    } catch (JedisDataException e) {
      if (!isGroupLost(e)) {
        throw e;
      }
      log.info("Redis lost the consumer group of queues {}; creating it again", order);
      order.forEach(queue -> forgetGroup(streamKey(queue)));
      long left = Math.max(0, deadline - System.nanoTime());
      reserveInto(
          out, consumer, order, max, out.isEmpty() ? Duration.ofNanos(left) : Duration.ZERO);
    }
    return out;
  }

  @Override
  public void ack(Delivery delivery) {
    remove(streamKey(delivery.queue()), new StreamEntryID(delivery.messageId()));
  }

  /** Acks and deletes a batch with one XACK and one XDEL per stream, in one round trip. */
  @Override
  public void ackAll(List<Delivery> deliveries) {
    if (deliveries.isEmpty()) {
      return;
    }
    Map<String, List<StreamEntryID>> byStream = new LinkedHashMap<>();
    for (Delivery d : deliveries) {
      byStream
          .computeIfAbsent(streamKey(d.queue()), k -> new ArrayList<>())
          .add(new StreamEntryID(d.messageId()));
    }
    try (Pipeline pipeline = client.pipelined()) {
      byStream.forEach(
          (stream, ids) -> {
            StreamEntryID[] array = ids.toArray(StreamEntryID[]::new);
            pipeline.xack(stream, GROUP, array);
            pipeline.xdel(stream, array);
          });
      pipeline.sync();
    }
  }

  @Override
  public boolean ping() {
    try {
      return "PONG".equalsIgnoreCase(client.ping());
    } catch (RuntimeException e) {
      log.debug("Redis ping failed: {}", e.toString());
      return false;
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private void reserveInto(
      List<Delivery> out, String consumer, List<String> queues, int max, Duration block) {
    queues.forEach(this::ensureGroup);
    claimAbandoned(out, consumer, queues, max);
    if (out.size() >= max) {
      return;
    }
    Duration wait = out.isEmpty() ? block : Duration.ZERO;
    if (queues.size() == 1) {
      read(out, consumer, queues, max - out.size(), wait);
      return;
    }
    // COUNT applies to each stream of an XREADGROUP: read one stream at a time to stay within max.
    for (String queue : queues) {
      if (out.size() < max) {
        read(out, consumer, List.of(queue), max - out.size(), Duration.ZERO);
      }
    }
    if (out.isEmpty() && !wait.isZero()) {
      // Splitting the count keeps a wake-up within max, unless several streams fill at once.
      read(out, consumer, queues, Math.max(1, max / queues.size()), wait);
      while (out.size() > max) {
        giveBack(out.removeLast());
      }
    }
  }

  /** Takes over entries whose consumer has not acked them within redeliverAfter. */
  private void claimAbandoned(List<Delivery> out, String consumer, List<String> queues, int max) {
    long now = System.nanoTime();
    for (String queue : queues) {
      String stream = streamKey(queue);
      PendingScan scan = pendingScans.get(stream);
      if (out.size() >= max || (scan != null && !scan.isDue(now))) {
        continue;
      }
      // JUSTID, then the entries by id: Redis 6.2 answers a plain XAUTOCLAIM with nil, and no id,
      // for an entry deleted while pending, which would then stay pending for ever.
      Map.Entry<StreamEntryID, List<StreamEntryID>> claimed =
          client.xautoclaimJustId(
              stream,
              GROUP,
              consumer,
              redeliverAfterMillis,
              scan == null ? PendingScan.START : scan.cursor(),
              XAutoClaimParams.xAutoClaimParams().count(max - out.size()));
      pendingScans.put(stream, PendingScan.after(claimed.getKey(), now, scanPauseNanos));
      if (!claimed.getValue().isEmpty()) {
        fetchClaimed(out, queue, stream, claimed.getValue());
      }
    }
  }

  private void fetchClaimed(
      List<Delivery> out, String queue, String stream, List<StreamEntryID> ids) {
    List<Response<List<StreamEntry>>> replies = new ArrayList<>(ids.size());
    try (Pipeline pipeline = client.pipelined()) {
      ids.forEach(id -> replies.add(pipeline.xrange(stream, id, id)));
      pipeline.sync();
    }
    List<StreamEntryID> gone = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      List<StreamEntry> entry = replies.get(i).get();
      if (entry.isEmpty()) {
        gone.add(ids.get(i)); // deleted while pending: nothing left to deliver
      } else {
        addDeliveries(out, queue, stream, entry);
      }
    }
    if (!gone.isEmpty()) {
      client.xack(stream, GROUP, gone.toArray(StreamEntryID[]::new));
    }
  }

  private void read(
      List<Delivery> out, String consumer, List<String> queues, int count, Duration block) {
    XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(count);
    if (!block.isZero()) {
      // BLOCK 0 would mean forever; the smallest real wait is 1 ms.
      params.block(Math.clamp(block.toMillis(), 1, Integer.MAX_VALUE));
    }
    Map<String, StreamEntryID> streams = new LinkedHashMap<>();
    for (String queue : queues) {
      streams.put(streamKey(queue), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
    }
    List<Map.Entry<String, List<StreamEntry>>> reply =
        client.xreadGroup(GROUP, consumer, params, streams);
    if (reply == null) {
      return; // the block ran out
    }
    for (Map.Entry<String, List<StreamEntry>> stream : reply) {
      String key = stream.getKey();
      addDeliveries(out, key.substring(streamPrefix.length()), key, stream.getValue());
    }
  }

  private void addDeliveries(
      List<Delivery> out, String queue, String stream, List<StreamEntry> entries) {
    for (StreamEntry entry : entries) {
      try {
        TaskMessage message = TaskMessageFields.decode(entry.getFields());
        out.add(new Delivery(queue, entry.getID().toString(), message));
      } catch (IllegalArgumentException e) {
        // One bad entry must not stop a worker; it could never be run anyway.
        log.warn("Dropping malformed message {} on {}: {}", entry.getID(), stream, e.getMessage());
        remove(stream, entry.getID());
      }
    }
  }

  /** Returns a message read beyond max to the end of its stream, for any consumer to take. */
  private void giveBack(Delivery delivery) {
    String stream = streamKey(delivery.queue());
    try (Pipeline pipeline = client.pipelined()) {
      // Added again before it is removed: a failure in between duplicates it, never loses it.
      pipeline.xadd(stream, XAddParams.xAddParams(), TaskMessageFields.encode(delivery.message()));
      StreamEntryID id = new StreamEntryID(delivery.messageId());
      pipeline.xack(stream, GROUP, id);
      pipeline.xdel(stream, id);
      pipeline.sync();
    }
  }

  private void remove(String stream, StreamEntryID id) {
    try (Pipeline pipeline = client.pipelined()) {
      pipeline.xack(stream, GROUP, id);
      pipeline.xdel(stream, id);
      pipeline.sync();
    }
  }

  private void ensureGroup(String queue) {
    String stream = streamKey(queue);
    if (streamsWithGroup.contains(stream)) {
      return;
    }
    try {
      // From the first entry, not "$": messages pushed before the group existed must be read too.
      client.xgroupCreate(stream, GROUP, PendingScan.START, true);
    } catch (JedisDataException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
        throw e;
      }
    }
    streamsWithGroup.add(stream);
  }

  private void forgetGroup(String stream) {
    streamsWithGroup.remove(stream);
    pendingScans.remove(stream);
  }

  /** Starts each call at another queue, so one busy queue cannot starve the others. */
  private List<String> rotate(List<String> queues) {
    if (queues.size() == 1) {
      return queues;
    }
    List<String> distinct = List.copyOf(new LinkedHashSet<>(queues));
    int first = Math.floorMod(nextFirstQueue.getAndIncrement(), distinct.size());
    List<String> order = new ArrayList<>(distinct.size());
    order.addAll(distinct.subList(first, distinct.size()));
    order.addAll(distinct.subList(0, first));
    return order;
  }

  private String streamKey(String queue) {
    return streamPrefix + queue;
  }

  private static boolean isGroupLost(JedisDataException e) {
    String message = e.getMessage();
    return message != null && (message.startsWith("NOGROUP") || message.startsWith("UNBLOCKED"));
  }
}
