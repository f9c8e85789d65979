package io.updraft.core.config;

/** Keeps the password of a Redis URL out of logs. */
final class RedisUrls {
  private RedisUrls() {}

  static String redact(String url) {
    if (url == null) {
      return null;
    }
    // The last '@': a password may hold an unencoded '@' of its own.
    int at = url.lastIndexOf('@');
    int scheme = url.indexOf("://");
    return at > 0 && scheme > 0 ? url.substring(0, scheme + 3) + "***" + url.substring(at) : url;
  }
}
