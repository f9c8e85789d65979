package io.updraft.testing;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a real Redis and a key namespace of its own.
 *
 * <p>The Redis is the one named by the environment variable {@code UPDRAFT_TEST_REDIS_URL} (for
 * example {@code redis://127.0.0.1:6379}) or, when it is unset, an embedded one started once per
 * JVM. Before each test a fresh namespace is chosen ({@link #namespace()}); after it every key
 * under {@code <namespace>:} is deleted, so a shared Redis stays clean. Tests that use it must not
 * run concurrently in one JVM: the namespace is the current test's.
 */
public final class RedisExtension implements BeforeEachCallback, AfterEachCallback {
  private static volatile String namespace;

  /** The URL of the Redis that tests use, as {@code redis://[:password@]host:port[/db]}. */
  public static String url() {
    return RedisTestServer.get().url();
  }

  /** The key namespace of the running test; every key the test writes should start with it. */
  public static String namespace() {
    String current = namespace;
    if (current == null) {
      throw new IllegalStateException(
          "No Redis namespace outside a test: annotate the test class with"
              + " @ExtendWith(RedisExtension.class) and call namespace() from a test or @BeforeEach");
    }
    return current;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    RedisTestServer.get();
    byte[] random = new byte[6];
    ThreadLocalRandom.current().nextBytes(random);
    namespace = "test-" + HexFormat.of().formatHex(random);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    String finished = namespace;
    namespace = null;
    if (finished != null) {
      RedisTestServer.get().deleteNamespace(finished);
    }
  }
}
