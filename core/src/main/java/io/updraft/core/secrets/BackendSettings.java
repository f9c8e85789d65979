package io.updraft.core.secrets;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings section of one secrets backend ({@code secrets.vault}, {@code secrets.aws}, ...),
 * read with errors that name the key: {@code UPDRAFT_SECRETS__VAULT__URL}. An unknown key is an
 * error, so a typo cannot silently fall back to a default.
 */
public final class BackendSettings {
  private final String backend;
  private final Map<String, String> values;

  public BackendSettings(String backend, Map<String, String> values, Set<String> known) {
    this.backend = backend;
    this.values = Map.copyOf(values);
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Unknown setting(s) "
              + unknown
              + " in secrets."
              + backend
              + "; known: "
              + new TreeSet<>(known));
    }
  }

  public String required(String key) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "Secrets backend '"
              + backend
              + "' needs secrets."
              + backend
              + "."
              + key
              + " (or "
              + envName(key)
              + ")");
    }
    return value;
  }

  public String optional(String key, String fallback) {
    String value = values.get(key);
    return value == null ? fallback : value;
  }

  public boolean has(String key) {
    String value = values.get(key);
    return value != null && !value.isBlank();
  }

  public int integer(String key, int fallback) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "secrets." + backend + "." + key + " must be a whole number, got '" + value + "'");
    }
  }

  private String envName(String key) {
    return ("UPDRAFT_SECRETS__" + backend + "__" + key).toUpperCase(java.util.Locale.ROOT);
  }
}
