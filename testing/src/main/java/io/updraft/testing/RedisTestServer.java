package io.updraft.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.embedded.RedisServer;

/** The one Redis of this JVM's tests: the one named by the environment, or an embedded one. */
final class RedisTestServer {
  static final String URL_VARIABLE = "UPDRAFT_TEST_REDIS_URL";

  private static final Logger log = LoggerFactory.getLogger(RedisTestServer.class);
  private static RedisTestServer instance;

  private final String url;
  private final RedisClient client;

  private RedisTestServer(String url) {
    this.url = url;
    this.client = RedisClient.create(url);
  }

  static synchronized RedisTestServer get() {
    if (instance == null) {
      String configured = System.getenv(URL_VARIABLE);
      instance =
          new RedisTestServer(
              configured == null || configured.isBlank() ? startEmbedded() : configured.strip());
    }
    return instance;
  }

  String url() {
    return url;
  }

  /**
   * Deletes every key under {@code namespace}; SCAN rather than KEYS, so a shared Redis is not
   * stalled.
   */
  void deleteNamespace(String namespace) {
    ScanParams params = new ScanParams().match(namespace + ":*").count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = client.scan(cursor, params);
      List<String> keys = page.getResult();
      if (!keys.isEmpty()) {
        client.del(keys.toArray(String[]::new));
      }
      cursor = page.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
  }

  private static String startEmbedded() {
    try {
      // Surefire points java.io.tmpdir into target/, which may not exist yet; the binary unpacks
      // there.
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      int port = freePort();
      RedisServer server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              // Test data is thrown away: no snapshot files left behind in the working directory.
              .setting("save \"\"")
              .setting("appendonly no")
              .build();
      server.start();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> stopQuietly(server), "embedded-redis-stop"));
      String url = "redis://127.0.0.1:" + port;
      log.info("Started embedded Redis for tests at {} (set {} to use another)", url, URL_VARIABLE);
      return url;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not start an embedded Redis for tests; set "
              + URL_VARIABLE
              + " to a running one, e.g. redis://127.0.0.1:6379",
          e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void stopQuietly(RedisServer server) {
    try {
      server.stop();
    } catch (IOException | RuntimeException e) {
      log.warn("Could not stop the embedded Redis", e);
    }
  }
}
