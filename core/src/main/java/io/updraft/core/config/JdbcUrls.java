package io.updraft.core.config;

import java.util.regex.Pattern;

/**
 * Keeps passwords in a JDBC URL out of logs and {@code config show}: the password of {@code
 * //user:password@host}, and query parameters such as {@code password=}, {@code sslpassword=}.
 */
public final class JdbcUrls {
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)([?&;][^=&;?]*(?:password|secret|token|passwd|pwd)[^=&;?]*=)[^&;]*");

  private JdbcUrls() {}

  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    int query = url.indexOf('?');
    String head = query < 0 ? url : url.substring(0, query);
    String tail = query < 0 ? "" : url.substring(query);
    int scheme = head.indexOf("://");
    // The last '@' before the query: a password may hold an unencoded '@' of its own.
    int at = head.lastIndexOf('@');
    if (scheme >= 0 && at > scheme) {
      int colon = head.indexOf(':', scheme + 3);
      if (colon > 0 && colon < at) {
        head = head.substring(0, colon + 1) + "***" + head.substring(at);
      }
    }
    return head + SECRET_PARAMETER.matcher(tail).replaceAll("$1***");
  }
}
