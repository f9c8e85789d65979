package io.updraft.core.config;

/** Keeps the password of a Redis URL out of logs. */
final class RedisUrls {
  private RedisUrls() {}

  static String redact(String url) {
    if (url == null) {
      return null;
    }
    int at = url.indexOf('@');
    int scheme = url.indexOf("://");
    return at > 0 && scheme > 0 ? url.substring(0, scheme + 3) + "***" + url.substring(at) : url;
  }
}
