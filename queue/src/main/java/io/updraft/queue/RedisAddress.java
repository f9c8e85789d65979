package io.updraft.queue;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A parsed {@code redis://[[user]:password@]host[:port][/db]}. Its {@code toString} hides the
 * password, so it is safe to log.
 */
record RedisAddress(String host, int port, String user, String password, int database) {
  static final int DEFAULT_PORT = 6379;

  static RedisAddress parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "No Redis URL given; expected redis://[:password@]host:port[/db]");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      // The exception's own message repeats the whole URL, password included.
      throw invalid(url, "it is not a valid URI");
    }
    if (!"redis".equalsIgnoreCase(uri.getScheme())) {
      throw invalid(url, "the scheme must be redis://");
    }
    if (uri.getHost() == null) {
      throw invalid(url, "it names no host, or the host or port is malformed");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(url, "query parameters and fragments are not supported");
    }
    String user = null;
    String password = null;
    String userInfo = uri.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        throw invalid(url, "put the password after a colon, as in redis://:password@host:6379");
      }
      user = colon == 0 ? null : userInfo.substring(0, colon);
      password = userInfo.substring(colon + 1);
    }
    return new RedisAddress(
        uri.getHost(),
        uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
        user,
        password,
        database(url, uri.getPath()));
  }

  private static int database(String url, String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return 0;
    }
    try {
      int database = Integer.parseInt(path.substring(1));
      if (database >= 0) {
        return database;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(url, "the path must be a database number such as /0");
  }

  private static IllegalArgumentException invalid(String url, String reason) {
    return new IllegalArgumentException(
        "Invalid Redis URL '"
            + redact(url)
            + "': "
            + reason
            + "; expected redis://[:password@]host:port[/db]");
  }

  /** Hides everything between the scheme and the last '@', where a password would be. */
  static String redact(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (at < 0) {
      return url;
    }
    return scheme >= 0 && scheme < at
        ? url.substring(0, scheme + 3) + "***" + url.substring(at)
        : "***" + url.substring(at);
  }

  @Override
  public String toString() {
    return "redis://"
        + (password == null ? "" : (user == null ? "" : user) + ":***@")
        + host
        + ":"
        + port
        + "/"
        + database;
  }
}
