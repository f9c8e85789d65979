package io.updraft.hooks.http;

import io.updraft.core.task.TaskContext;
import io.updraft.hooks.base.Sensor;
import io.updraft.hooks.base.SensorSettings;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Waits until an endpoint answers 2xx (and, if given, the answer passes {@code responseCheck}), as
 * Airflow's {@code HttpSensor}. Other answers and connection errors mean "not yet".
 */
public final class HttpSensor extends Sensor {
  private final String connId;
  private final String endpoint;
  private final Predicate<HttpResult> responseCheck;

  public HttpSensor(
      String connId,
      String endpoint,
      Predicate<HttpResult> responseCheck,
      SensorSettings settings) {
    super(settings);
    this.connId = connId;
    this.endpoint = endpoint;
    this.responseCheck = responseCheck == null ? r -> true : responseCheck;
  }

  @Override
  public String kind() {
    return "http_sensor";
  }

  @Override
  protected boolean poke(TaskContext context) throws Exception {
    try (HttpHook http = context.hook(connId, HttpHook.class)) {
      HttpResult result;
      try {
        result = http.get(context.render(endpoint));
      } catch (java.io.IOException e) {
        context.log().info("No answer yet: " + e.getMessage());
        return false;
      }
      return result.isSuccessful() && responseCheck.test(result);
    }
  }

  @Override
  protected String awaited(TaskContext context) {
    return "a 2xx answer from '" + connId + "' " + context.render(endpoint);
  }

  @Override
  protected Map<String, Object> describeSensor() {
    return Map.of("conn_id", connId, "endpoint", endpoint);
  }
}
