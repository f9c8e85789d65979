package io.updraft.hooks.aws;

import java.util.regex.Pattern;

/**
 * A key pattern with {@code *} and {@code ?}, as Airflow's S3KeySensor takes with wildcard_match.
 */
record S3Wildcard(String pattern) {
  /** The literal part before the first wildcard: the prefix to list. */
  String prefix() {
    int star = pattern.indexOf('*');
    int question = pattern.indexOf('?');
    int end = star < 0 ? question : question < 0 ? star : Math.min(star, question);
    return end < 0 ? pattern : pattern.substring(0, end);
  }

  boolean matches(String key) {
    StringBuilder regex = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      switch (ch) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.matches(regex.toString(), key);
  }
}
