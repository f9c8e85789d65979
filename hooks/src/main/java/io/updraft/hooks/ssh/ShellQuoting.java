package io.updraft.hooks.ssh;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the {@code export} prefix of {@link EnvMode#QUOTED_PREFIX}. Single quotes are the one
 * POSIX shell quoting in which nothing is special ({@code $}, backticks, {@code \}, newlines all
 * stay text), so a value is safe once each of its own quotes is closed, escaped and reopened.
 */
final class ShellQuoting {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ShellQuoting() {}

  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /** {@code export A='1' B='2'; } for {@code env}, or nothing when it is empty. */
  static String exportPrefix(Map<String, String> env) {
    if (env.isEmpty()) {
      return "";
    }
    StringBuilder prefix = new StringBuilder("export");
    env.forEach(
        (name, value) ->
            prefix.append(' ').append(checkName(name)).append('=').append(quote(value)));
    return prefix.append("; ").toString();
  }

  static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "An SSH environment variable's name must be letters, digits and _ (not first a digit),"
              + " got '"
              + name
              + "'");
    }
    return name;
  }
}
