package io.updraft.core.config;

/**
 * The Redis that delivers task messages, as {@code redis://[:password@]host:port[/db]}. The
 * namespace prefixes every key, so several deployments can share one Redis.
 */
public record RedisConfig(
    @Doc(
            "Redis that delivers task messages: `redis://[:password@]host:port[/db]`. Unset: `standalone` starts an embedded Redis.")
        String url,
    @Doc("Prefix of every Redis key, so several deployments can share one Redis.")
        String namespace) {
  public RedisConfig {
    namespace = namespace == null || namespace.isBlank() ? "updraft" : namespace;
  }

  public static RedisConfig defaults() {
    return new RedisConfig(null, null);
  }

  public boolean isConfigured() {
    return url != null && !url.isBlank();
  }

  public RedisConfig withUrl(String newUrl) {
    return new RedisConfig(newUrl, namespace);
  }

  @Override
  public String toString() {
    return "RedisConfig[url=" + RedisUrls.redact(url) + ", namespace=" + namespace + "]";
  }
}
