package io.updraft.queue;

import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/** Creates the pooled Jedis clients that the queue and the run events use. */
public final class RedisClients {
  // A blocking reserve and each run-event subscription hold a connection for as long as they wait,
  // so the pool must be larger than Jedis's default of 8 to leave room for pushes and acks.
  private static final int POOL_SIZE = 32;
  private static final Duration POOL_WAIT = Duration.ofSeconds(10);

  private RedisClients() {}

  /**
   * Creates a client for {@code redis://[[user]:password@]host[:port][/db]} (port 6379 and database
   * 0 by default).
   *
   * @throws IllegalArgumentException if the URL is malformed; the message never shows the password
   */
  public static RedisClient create(String url) {
    return create(url, "updraft");
  }

  /**
   * Like {@link #create(String)}, with the name that {@code CLIENT LIST} shows for its connections,
   * so an operator can tell which process holds which connection.
   */
  public static RedisClient create(String url, String clientName) {
    RedisAddress address = RedisAddress.parse(url);
    if (clientName == null || clientName.isBlank() || clientName.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException(
          "A Redis client name must be non-empty, without spaces: '" + clientName + "'");
    }
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder().database(address.database()).clientName(clientName);
    if (address.password() != null) {
      config.user(address.user()).password(address.password());
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(POOL_SIZE);
    pool.setMaxIdle(POOL_SIZE);
    pool.setMaxWait(POOL_WAIT);
    // Registering the pool as an MBean starts the platform MBean server, which loads some 270 JMX,
    // management and flight-recorder classes (a few MB of class metadata in every process) for
    // figures nothing here reads.
    pool.setJmxEnabled(false);
    return RedisClient.builder()
        .hostAndPort(address.host(), address.port())
        .clientConfig(config.build())
        .poolConfig(pool)
        .build();
  }
}
