package io.updraft.core.secrets;

import io.updraft.core.connection.Connection;
import io.updraft.core.connection.PercentEncoding;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Remembers every secret fetched in this process and replaces it with {@code ***} in text bound for
 * task logs, rendered templates, exception messages and API responses. A secret is also masked in
 * its URL-encoded forms, since connection URIs and HTTP requests carry it that way.
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are not registered: masking every "1" or
 * "on" would make logs unreadable without hiding anything worth hiding.
 */
public final class SecretMasker {
  public static final String MASK = "***";
  static final int MIN_LENGTH = 4;

  /** Extra keys whose values are secret, matched as parts of the key in any case (Airflow's). */
  private static final List<String> SENSITIVE_KEY_PARTS =
      List.of(
          "password",
          "passwd",
          "secret",
          "token",
          "api_key",
          "apikey",
          "private_key",
          "authorization",
          "passphrase",
          "keyfile",
          "service_account",
          "credential");

  // Every masker of this process, so sinks that cannot be handed one (the process log's layout,
  // built by logback from its XML) still mask whatever any part of the process fetched.
  private static final Set<SecretMasker> ALL =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private final Set<String> secrets = ConcurrentHashMap.newKeySet();
  private volatile Pattern pattern;

  public SecretMasker() {
    ALL.add(this);
  }

  /** The text with every secret that any masker of this process knows replaced by {@code ***}. */
  public static String maskEverywhere(String text) {
    List<SecretMasker> maskers;
    synchronized (ALL) {
      maskers = List.copyOf(ALL);
    }
    String masked = text;
    for (SecretMasker masker : maskers) {
      masked = masker.mask(masked);
    }
    return masked;
  }

  /** Whether an extra under this key is a secret ({@code api_key}, {@code client_secret}, ...). */
  public static boolean isSensitiveKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return SENSITIVE_KEY_PARTS.stream().anyMatch(lower::contains);
  }

  /** Registers a secret value (and its URL-encoded forms). */
  public void register(String secret) {
    if (secret == null || secret.length() < MIN_LENGTH) {
      return;
    }
    boolean added = secrets.add(secret);
    added |= secrets.add(PercentEncoding.quote(secret));
    added |= secrets.add(PercentEncoding.quotePlus(secret));
    added |= secrets.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    if (added) {
      rebuild();
    }
  }

  /** Registers a connection's password and every extra value under a sensitive key. */
  public void register(Connection connection) {
    register(connection.password());
    registerSensitive(connection.extra(), false);
  }

  private void registerSensitive(Object value, boolean sensitive) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> registerSensitive(v, sensitive || isSensitiveKey(String.valueOf(k))));
    } else if (value instanceof Collection<?> list) {
      list.forEach(v -> registerSensitive(v, sensitive));
    } else if (sensitive && value != null) {
      register(value.toString());
    }
  }

  /** The text with every registered secret replaced by {@code ***}. */
  public String mask(String text) {
    Pattern current = pattern;
    if (text == null || current == null) {
      return text;
    }
    Matcher matcher = current.matcher(text);
    return matcher.find() ? matcher.replaceAll(MASK) : text;
  }

  private synchronized void rebuild() {
    // Longest first, so a secret that contains another is masked whole.
    pattern =
        Pattern.compile(
            secrets.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|")));
  }
}
