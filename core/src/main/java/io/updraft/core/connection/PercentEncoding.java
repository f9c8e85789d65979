package io.updraft.core.connection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Percent-encoding exactly as Python's {@code urllib.parse} does it ({@code quote(s, safe='')},
 * {@code quote_plus}, {@code unquote}, {@code parse_qsl}), because Airflow's URIs are written and
 * read with those functions and a byte of difference breaks a user's existing connection string.
 */
public final class PercentEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  /** {@code quote(s, safe='')}: everything but letters, digits and {@code _.-~} is escaped. */
  public static String quote(String s) {
    return encode(s, false);
  }

  /** {@code quote_plus(s)}: as {@link #quote}, with a space written as {@code +}. */
  public static String quotePlus(String s) {
    return encode(s, true);
  }

  private static String encode(String s, boolean spaceAsPlus) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isUnreserved(c)) {
        out.append((char) c);
      } else if (c == ' ' && spaceAsPlus) {
        out.append('+');
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-'
        || c == '~';
  }

  /** {@code unquote(s)}: decodes {@code %XX} as UTF-8 and leaves a malformed escape as it is. */
  public static String unquote(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%'
          && i + 2 < s.length()
          && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 3;
        continue;
      }
      flush(bytes, out);
      out.append(c);
      i++;
    }
    flush(bytes, out);
    return out.toString();
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  /**
   * {@code dict(parse_qsl(query, keep_blank_values=True))}: pairs split on {@code &}, {@code +}
   * read as a space, a name without {@code =} has an empty value, and the last of a repeated name
   * wins.
   */
  static Map<String, String> parseQuery(String query) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      result.put(unquote(name.replace('+', ' ')), unquote(value.replace('+', ' ')));
    }
    return result;
  }

  /** {@code urlencode(map)}: {@code name=value} pairs joined with {@code &}, as quote_plus. */
  static String encodeQuery(Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(quotePlus(e.getKey())).append('=').append(quotePlus(e.getValue()));
    }
    return out.toString();
  }
}
