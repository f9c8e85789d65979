package io.updraft.core.dag;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.Hooks;
import io.updraft.core.json.Json;
import io.updraft.core.task.TaskContext;
import io.updraft.core.task.TaskLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The task context inside an isolated JVM: every lookup and every XCom push is a question to the
 * worker over the socket, so that the worker stays the only one that reads secrets and writes
 * state. Hooks are opened here, from connections the worker looked up.
 */
final class IsolatedTaskContext implements TaskContext {
  private final IsolatedChannel channel;
  private final Map<String, Object> data;
  private Hooks hooks;

  private IsolatedTaskContext(IsolatedChannel channel, Map<String, Object> data) {
    this.channel = channel;
    this.data = data;
  }

  @SuppressWarnings("unchecked")
  static IsolatedTaskContext open(IsolatedChannel channel) throws IOException {
    IsolatedTaskContext context = new IsolatedTaskContext(channel, Map.of());
    return new IsolatedTaskContext(channel, (Map<String, Object>) context.ask("hello", Map.of()));
  }

  String jar() {
    return (String) data.get("jar");
  }

  void useHooksFrom(ClassLoader loader) {
    hooks = Hooks.load(this::connection, loader);
  }

  void closeHooks() {
    if (hooks != null) {
      hooks.close();
    }
  }

  /** Asks the worker; one question at a time, whatever threads the task starts. */
  private synchronized Object ask(String op, Map<String, Object> fields) {
    Map<String, Object> request = new HashMap<>(fields);
    request.put("op", op);
    Map<String, Object> reply;
    try {
      channel.write(request);
      reply = channel.read();
    } catch (IOException e) {
      throw new UncheckedIOException("The worker of this isolated task is gone", e);
    }
    if (reply == null) {
      throw new IllegalStateException("The worker of this isolated task closed its socket");
    }
    if (reply.containsKey("error")) {
      throw new IllegalStateException(String.valueOf(reply.get("error")));
    }
    return reply.get("value");
  }

  @Override
  public String dagId() {
    return (String) data.get("dag_id");
  }

  @Override
  public String runId() {
    return (String) data.get("run_id");
  }

  @Override
  public String taskId() {
    return (String) data.get("task_id");
  }

  @Override
  public int tryNumber() {
    return ((Number) data.get("try_number")).intValue();
  }

  @Override
  public Instant logicalDate() {
    return Instant.parse((String) data.get("logical_date"));
  }

  @Override
  public Instant dataIntervalStart() {
    return Instant.parse((String) data.get("data_interval_start"));
  }

  @Override
  public Instant dataIntervalEnd() {
    return Instant.parse((String) data.get("data_interval_end"));
  }

  @Override
  public String runType() {
    return (String) data.get("run_type");
  }

  @Override
  public int mapIndex() {
    return ((Number) data.get("map_index")).intValue();
  }

  @Override
  public Object mapValue() {
    return mapIndex() < 0 ? TaskContext.super.mapValue() : data.get("map_value");
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> conf() {
    return (Map<String, Object>) data.get("conf");
  }

  @Override
  public Optional<Object> xcomPull(String taskId) {
    return xcomPull(taskId, "return_value", Object.class);
  }

  @Override
  public <T> Optional<T> xcomPull(String taskId, Class<T> type) {
    return xcomPull(taskId, "return_value", type);
  }

  @Override
  public <T> Optional<T> xcomPull(String taskId, String key, Class<T> type) {
    Object value = ask("xcom_pull", Map.of("task_id", taskId, "key", key));
    return Optional.ofNullable(value).map(v -> Json.read(Json.write(v), type));
  }

  @Override
  public void xcomPush(String key, Object value) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("key", key);
    fields.put("value", value);
    ask("xcom_push", fields);
  }

  @Override
  public String render(String template) {
    return (String) ask("render", Map.of("template", template));
  }

  @Override
  public TaskLog log() {
    // Standard output is the try's log: the worker reads it line by line, masked.
    return line -> System.out.println(line);
  }

  @Override
  public Connection connection(String connId) {
    return Connection.fromJson(connId, (String) ask("connection", Map.of("conn_id", connId)));
  }

  @Override
  public String variable(String key) {
    return (String) ask("variable", Map.of("key", key));
  }

  @Override
  public <H extends Hook> H hook(String connId, Class<H> type) {
    if (hooks == null) {
      throw new IllegalStateException("Hooks are not ready before the task's DAG is loaded");
    }
    return hooks.open(connId, type);
  }
}
