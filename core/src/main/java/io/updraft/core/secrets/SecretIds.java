package io.updraft.core.secrets;

/**
 * The one rule every connection id and variable key meets before any secrets backend is asked. Ids
 * come from less-trusted hands (DAG code, templates, a run's conf, API callers) and most backends
 * turn them into a path, a URL or a name below an admin-chosen prefix; the rule keeps them below
 * it. An id is 1 to {@value #MAX_LENGTH} characters; {@code /} may separate segments, as in
 * Airflow, but no segment may be empty (so no leading, trailing or doubled {@code /}), {@code .} or
 * {@code ..}; no control character and none of {@code % ? # \} (they escape or end a path in a
 * URL). {@code .} inside a name ({@code my.conn}) is fine. Backends whose service is stricter check
 * their own rule on top of this one.
 */
public final class SecretIds {
  public static final int MAX_LENGTH = 250;

  /** How an id's rule is stated in errors and docs. */
  public static final String RULE =
      "1 to "
          + MAX_LENGTH
          + " characters, '/' only between non-empty segments, no segment '.' or '..', no"
          + " control characters, no percent sign and none of '?', '#', '\\'";

  private SecretIds() {}

  /**
   * Returns {@code id} when it meets the rule.
   *
   * @param what how the id is named in the error: {@code Connection id}, {@code Variable key}
   * @throws InvalidSecretIdException naming the id and the rule
   */
  public static String check(String what, String id) {
    String problem = problem(id);
    if (problem != null) {
      throw new InvalidSecretIdException(
          what
              + " '"
              + printable(id)
              + "' cannot be looked up: "
              + problem
              + ". Ids must have "
              + RULE
              + ".");
    }
    return id;
  }

  public static String checkConnectionId(String connId) {
    return check("Connection id", connId);
  }

  public static String checkVariableKey(String key) {
    return check("Variable key", key);
  }

  /** What is wrong with {@code id}, or null when it meets the rule. */
  public static String problem(String id) {
    if (id == null || id.isEmpty()) {
      return "it is empty";
    }
    if (id.length() > MAX_LENGTH) {
      return "it is " + id.length() + " characters long";
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c)) {
        return "it holds a control character at position " + i;
      }
      if (c == '%') {
        return "it holds a percent sign";
      }
      if (c == '?' || c == '#' || c == '\\') {
        return "it holds '" + c + "'";
      }
    }
    // Segments are scanned in place: the chain checks every lookup, cache hits included, and a
    // hit stays allocation-free.
    int start = 0;
    while (start <= id.length()) {
      int end = id.indexOf('/', start);
      if (end < 0) {
        end = id.length();
      }
      int length = end - start;
      if (length == 0) {
        return "it has an empty path segment (a leading, trailing or doubled '/')";
      }
      if (id.charAt(start) == '.'
          && (length == 1 || (length == 2 && id.charAt(start + 1) == '.'))) {
        return "it has the path segment '" + (length == 1 ? "." : "..") + "'";
      }
      start = end + 1;
    }
    return null;
  }

  // A refused id is echoed in errors and logs: control characters must not forge log lines, and
  // a '%' must not be read as a format by whatever reports the error (Jinjava does).
  private static String printable(String id) {
    if (id == null) {
      return "null";
    }
    StringBuilder shown = new StringBuilder();
    id.codePoints()
        .limit(MAX_LENGTH + 20L)
        .forEach(
            c -> {
              if (Character.isISOControl(c) || c == '%') {
                shown.append(String.format("\\u%04x", c));
              } else {
                shown.appendCodePoint(c);
              }
            });
    return id.codePointCount(0, id.length()) > MAX_LENGTH + 20 ? shown + "..." : shown.toString();
  }
}
