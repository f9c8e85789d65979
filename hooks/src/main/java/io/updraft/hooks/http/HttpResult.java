package io.updraft.hooks.http;

import io.updraft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A response: the request it answers (method and URL without query), its status, headers
 * (lower-case names) and body.
 */
public record HttpResult(
    String method, String url, int status, Map<String, List<String>> headers, byte[] body) {
  /** This result if its status is 2xx; otherwise an error naming the request and the status. */
  public HttpResult requireSuccess() {
    if (!isSuccessful()) {
      String text = text();
      throw new HttpStatusException(
          method, url, status, text.length() > 500 ? text.substring(0, 500) + "..." : text);
    }
    return this;
  }

  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body read as JSON into {@code type} (a record, {@code Map}, {@code List}, ...). */
  public <T> T json(Class<T> type) {
    return Json.read(text(), type);
  }

  /** The body as JSON: maps, lists, strings, numbers. */
  public Object json() {
    return json(Object.class);
  }

  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.getFirst();
  }
}
