package io.updraft.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingSummary;

/**
 * Reads the depth and the oldest message of every queue stream of a namespace, for metrics: the
 * streams are found with {@code SCAN ... TYPE stream}, then {@code XLEN}, {@code XPENDING} and the
 * first entry of each are read in one pipelined round trip. Callers cache the result: a scan walks
 * the whole keyspace.
 */
public final class RedisQueueStats implements AutoCloseable {
  private static final int SCAN_COUNT = 1000;

  private final RedisClient client;
  private final String streamPrefix;

  /**
   * @param client the client to use; closed by {@link #close()}
   * @param namespace the namespace of the {@link RedisTaskQueue} to read
   */
  public RedisQueueStats(RedisClient client, String namespace) {
    this.client = Objects.requireNonNull(client, "client");
    this.streamPrefix = namespace + ":queue:";
  }

  /**
   * The stats of every queue stream that exists, plus {@code expected} queues that have no stream
   * yet (reported empty), by queue name.
   */
  public List<QueueStats> read(Collection<String> expected, Instant now) {
    TreeSet<String> queues = new TreeSet<>(expected);
    queues.addAll(existingQueues());
    List<String> names = List.copyOf(queues);
    List<Response<Long>> lengths = new ArrayList<>(names.size());
    List<Response<List<StreamEntry>>> firsts = new ArrayList<>(names.size());
    try (Pipeline pipeline = client.pipelined()) {
      for (String queue : names) {
        lengths.add(pipeline.xlen(streamPrefix + queue));
        firsts.add(pipeline.xrange(streamPrefix + queue, "-", "+", 1));
      }
      pipeline.sync();
    }
    List<QueueStats> stats = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      long length = lengths.get(i).get();
      List<StreamEntry> first = firsts.get(i).get();
      Duration age = first.isEmpty() ? Duration.ZERO : ageOf(first.getFirst().getID(), now);
      long reserved = length == 0 ? 0 : reserved(streamPrefix + names.get(i));
      stats.add(new QueueStats(names.get(i), length, reserved, age));
    }
    return stats;
  }

  private List<String> existingQueues() {
    List<String> queues = new ArrayList<>();
    ScanParams params = new ScanParams().match(streamPrefix + "*").count(SCAN_COUNT);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = client.scan(cursor, params, "stream");
      page.getResult().forEach(key -> queues.add(key.substring(streamPrefix.length())));
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return queues;
  }

  private long reserved(String stream) {
    try {
      StreamPendingSummary pending = client.xpending(stream, RedisTaskQueue.GROUP);
      return pending.getTotal();
    } catch (JedisDataException e) {
      return 0; // NOGROUP: no worker has read this stream yet
    }
  }

  /** An entry id starts with the Redis server's time in milliseconds when it was added. */
  private static Duration ageOf(StreamEntryID id, Instant now) {
    Duration age = Duration.between(Instant.ofEpochMilli(id.getTime()), now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  @Override
  public void close() {
    client.close();
  }
}
