package io.updraft.core.connection;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Airflow's URI form of a connection, read as its {@code Connection._parse_from_uri} reads it (on
 * top of Python's {@code urlsplit}) and written as its {@code get_uri} writes it, quirks included:
 * the host is lower-cased unless it holds a {@code /}, an empty password is none, a protocol may be
 * nested in the host ({@code spark://k8s://host:443}), {@code __extra__} carries the extra as JSON.
 */
final class ConnectionUri {
  static final String EXTRA_KEY = "__extra__";
  private static final String FORMAT =
      "expected type://[login[:password]@]host[:port][/schema][?extra=value&...]";

  private ConnectionUri() {}

  static Connection parse(String connId, String uri, String where) {
    Errors errors = new Errors(connId, where);
    int schemes = count(uri, "://");
    if (schemes == 0 && !uri.startsWith("//")) {
      throw errors.fail(
          "is neither a JSON object (it does not start with '{') nor a URI (it has no '://'); "
              + FORMAT);
    }
    if (schemes > 2) {
      throw errors.fail("has " + schemes + " '://' where at most two are allowed; " + FORMAT);
    }
    String scheme = "";
    String afterScheme = uri;
    int colon = uri.indexOf("://");
    if (colon == 0) {
      throw errors.fail("has no conn type before '://'; " + FORMAT);
    }
    if (colon > 0) {
      scheme = uri.substring(0, colon);
      if (!isScheme(scheme)) {
        throw errors.fail(
            "starts with '"
                + scheme
                + "', which is not a valid conn type in a URI: use letters, digits, '+', '-' and"
                + " '.' (write '_' as '-'), starting with a letter");
      }
      afterScheme = uri.substring(colon + 1);
    }
    String protocol = null;
    String rest = afterScheme.substring(2);
    if (schemes == 2) {
      int nested = rest.indexOf("://");
      protocol = rest.substring(0, nested);
      if (protocol.contains("@") || protocol.contains(":")) {
        throw errors.fail(
            "has a login or port before the protocol nested in its host; write it as"
                + " type://protocol://login:password@host:port");
      }
      if (!isScheme(protocol)) {
        throw errors.fail("has an invalid protocol '" + protocol + "' nested in its host");
      }
      protocol = protocol.toLowerCase(Locale.ROOT);
      rest = rest.substring(nested + 3);
    }
    return split(connId, normalizeType(scheme.toLowerCase(Locale.ROOT)), protocol, rest, errors);
  }

  private static Connection split(
      String connId, String connType, String protocol, String rest, Errors errors) {
    int netlocEnd = indexOfAny(rest, "/?#");
    String netloc = netlocEnd < 0 ? rest : rest.substring(0, netlocEnd);
    String tail = netlocEnd < 0 ? "" : rest.substring(netlocEnd);
    int hash = tail.indexOf('#');
    if (hash >= 0) {
      tail = tail.substring(0, hash);
    }
    int question = tail.indexOf('?');
    String path = question < 0 ? tail : tail.substring(0, question);
    String query = question < 0 ? "" : tail.substring(question + 1);

    String login = null;
    String password = null;
    int at = netloc.lastIndexOf('@');
    String hostinfo = netloc;
    if (at >= 0) {
      String userinfo = netloc.substring(0, at);
      hostinfo = netloc.substring(at + 1);
      int userColon = userinfo.indexOf(':');
      login = PercentEncoding.unquote(userColon < 0 ? userinfo : userinfo.substring(0, userColon));
      password = userColon < 0 ? null : PercentEncoding.unquote(userinfo.substring(userColon + 1));
    }
    String rawHost;
    String rawPort;
    if (hostinfo.startsWith("[")) {
      int close = hostinfo.indexOf(']');
      rawHost = close < 0 ? hostinfo.substring(1) : hostinfo.substring(1, close);
      String afterBracket = close < 0 ? "" : hostinfo.substring(close + 1);
      int portColon = afterBracket.indexOf(':');
      rawPort = portColon < 0 ? "" : afterBracket.substring(portColon + 1);
    } else {
      int portColon = hostinfo.indexOf(':');
      rawHost = portColon < 0 ? hostinfo : hostinfo.substring(0, portColon);
      rawPort = portColon < 0 ? "" : hostinfo.substring(portColon + 1);
    }
    String host = PercentEncoding.unquote(rawHost.toLowerCase(Locale.ROOT));
    if (host.contains("/")) {
      // Python lower-cases host names; a path-like host (a socket directory) keeps its case.
      host = PercentEncoding.unquote(hostinfo.split(":", 2)[0]);
    }
    if (protocol != null && !host.isEmpty()) {
      host = protocol + "://" + host;
    }
    Integer port = parsePort(rawPort, errors);
    String schema = path.length() > 1 ? PercentEncoding.unquote(path.substring(1)) : "";
    Map<String, Object> extra = query.isEmpty() ? Map.of() : parseExtra(query, errors);
    return new Connection(connId, connType, null, host, login, password, schema, port, extra);
  }

  private static Integer parsePort(String rawPort, Errors errors) {
    if (rawPort.isEmpty()) {
      return null;
    }
    if (!rawPort.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw errors.fail(
          "has a port that is not a number ('" + rawPort + "'); expected 0-65535 after the host");
    }
    String digits = rawPort.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
      throw errors.fail("has port " + rawPort + ", out of range 0-65535");
    }
    return Integer.parseInt(digits);
  }

  private static Map<String, Object> parseExtra(String query, Errors errors) {
    Map<String, String> params = PercentEncoding.parseQuery(query);
    if (!params.containsKey(EXTRA_KEY)) {
      return new LinkedHashMap<>(params);
    }
    String json = params.get(EXTRA_KEY);
    if (json.isBlank()) {
      return Map.of();
    }
    try {
      return ConnectionJson.parseExtra(json);
    } catch (IllegalArgumentException e) {
      throw errors.fail("has an __extra__ parameter that " + e.getMessage());
    }
  }

  static String format(Connection c) {
    StringBuilder uri = new StringBuilder();
    uri.append(
        c.connType() == null || c.connType().isEmpty()
            ? "//"
            : c.connType().toLowerCase(Locale.ROOT).replace('_', '-') + "://");
    String host = c.host();
    if (host != null && host.contains("://")) {
      int split = host.indexOf("://");
      uri.append(host, 0, split).append("://");
      host = host.substring(split + 3);
    }
    StringBuilder authority = new StringBuilder();
    if (c.login() != null) {
      authority.append(PercentEncoding.quote(c.login()));
    }
    if (c.password() != null) {
      authority.append(':').append(PercentEncoding.quote(c.password()));
    }
    if (!authority.isEmpty()) {
      uri.append(authority).append('@');
    }
    StringBuilder hostBlock = new StringBuilder();
    if (host != null && !host.isEmpty()) {
      hostBlock.append(PercentEncoding.quote(host));
    }
    if (c.port() != null && c.port() != 0) {
      hostBlock.append(hostBlock.isEmpty() && authority.isEmpty() ? "@:" : ":").append(c.port());
    }
    boolean hasSchema = c.schema() != null && !c.schema().isEmpty();
    if (hasSchema) {
      hostBlock.append('/').append(PercentEncoding.quote(c.schema()));
    }
    uri.append(hostBlock);
    if (!c.extra().isEmpty()) {
      uri.append(hasSchema ? "?" : "/?").append(extraQuery(c.extra()));
    }
    return uri.toString();
  }

  /**
   * Plain parameters when every value is text (they read back the same), else {@code __extra__}.
   */
  private static String extraQuery(Map<String, Object> extra) {
    boolean flat =
        !extra.containsKey(EXTRA_KEY) && extra.values().stream().allMatch(v -> v instanceof String);
    if (flat) {
      Map<String, String> params = new LinkedHashMap<>();
      extra.forEach((k, v) -> params.put(k, (String) v));
      return PercentEncoding.encodeQuery(params);
    }
    return PercentEncoding.encodeQuery(Map.of(EXTRA_KEY, ConnectionJson.writeExtra(extra)));
  }

  /** Airflow's two normalisations of a conn type: postgresql is postgres, '-' is '_'. */
  static String normalizeType(String connType) {
    if (connType == null) {
      return null;
    }
    return connType.equals("postgresql") ? "postgres" : connType.replace('-', '_');
  }

  private static boolean isScheme(String s) {
    if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private record Errors(String connId, String where) {
    InvalidConnectionException fail(String problem) {
      return new InvalidConnectionException(
          "Connection '" + connId + "' from " + where + " is not a valid URI: it " + problem);
    }
  }
}
