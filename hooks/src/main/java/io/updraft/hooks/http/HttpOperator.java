package io.updraft.hooks.http;

import io.updraft.core.dag.Operator;
import io.updraft.core.json.Json;
import io.updraft.core.task.TaskContext;
import io.updraft.hooks.base.TemplatedValues;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;

/**
 * Calls an HTTP endpoint of a connection, as Airflow's {@code HttpOperator}. The endpoint, the body
 * and header values are templates. A non-2xx answer fails the task; the answer becomes the XCom:
 * parsed JSON when the server says it is JSON, text otherwise.
 *
 * @param body a String sent as is, or anything else sent as JSON; null for none
 */
public record HttpOperator(
    String connId, String method, String endpoint, Object body, Map<String, String> headers)
    implements Operator {
  public HttpOperator {
    method = method == null ? "GET" : method;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public static HttpOperator get(String connId, String endpoint) {
    return new HttpOperator(connId, "GET", endpoint, null, Map.of());
  }

  public static HttpOperator postJson(String connId, String endpoint, Object body) {
    return new HttpOperator(connId, "POST", endpoint, body, Map.of());
  }

  @Override
  public String kind() {
    return "http";
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("conn_id", connId);
    fields.put("method", method);
    fields.put("endpoint", endpoint);
    // Header values may be tokens: show only their names.
    fields.put("headers", headers.keySet().stream().sorted().toList());
    return fields;
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    String url = context.render(endpoint);
    Map<String, String> renderedHeaders = new LinkedHashMap<>();
    headers.forEach((k, v) -> renderedHeaders.put(k, context.render(v)));
    byte[] payload = null;
    MediaType type = null;
    if (body instanceof String text) {
      payload = context.render(text).getBytes(StandardCharsets.UTF_8);
      String given = renderedHeaders.get("Content-Type");
      type = given == null ? MediaType.get("text/plain; charset=utf-8") : MediaType.get(given);
    } else if (body != null) {
      payload = Json.write(TemplatedValues.render(context, body)).getBytes(StandardCharsets.UTF_8);
      type = MediaType.get("application/json; charset=utf-8");
    }
    try (HttpHook http = context.hook(connId, HttpHook.class)) {
      context.log().info(method + " " + HttpHook.redacted(http.url(url)) + " on '" + connId + "'");
      HttpResult result =
          http.request(method, url, renderedHeaders, payload, type).requireSuccess();
      context
          .log()
          .info("Answered HTTP " + result.status() + ", " + result.body().length + " bytes");
      String contentType = result.header("content-type");
      if (result.body().length > 0 && contentType != null && contentType.contains("json")) {
        return result.json();
      }
      return result.text();
    }
  }
}
