package io.updraft.hooks.slack;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.PooledHook;
import io.updraft.core.hook.SharedPools;
import io.updraft.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts messages to a Slack incoming webhook (Airflow's {@code SlackWebhookHook}), from a {@code
 * slack_webhook} connection: the host is the connection's (default {@code hooks.slack.com}), the
 * webhook's secret path its password (see {@link SlackWebhookUrl}). The path never appears in a log
 * line or an error: they show the host only.
 *
 * <pre>{@code
 * try (SlackWebhookHook slack = ctx.hook("slack", SlackWebhookHook.class)) {
 *   slack.send("Loaded " + rows + " rows", List.of());
 * }
 * }</pre>
 */
public final class SlackWebhookHook extends PooledHook<SlackClient> {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  SlackWebhookHook(
      Connection connection, SharedPools pools, String kind, Function<Connection, SlackClient> c) {
    super(connection, pools, kind, c);
  }

  /**
   * Posts {@code text} and, when not empty, Slack's layout {@code blocks} (then {@code text} is the
   * notification's fallback).
   *
   * @throws IOException naming the connection and Slack's answer when Slack does not accept it
   */
  public void send(String text, List<?> blocks) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", text == null ? "" : text);
    if (blocks != null && !blocks.isEmpty()) {
      body.put("blocks", blocks);
    }
    Answer answer = post(Json.write(body));
    if (answer.status() / 100 != 2) {
      throw new IOException(
          "Slack webhook of connection '"
              + connection().connId()
              + "' at "
              + client().target().shown()
              + " answered HTTP "
              + answer.status()
              + " ("
              + answer.body()
              + "); the message was not posted. 404 no_service or 403 invalid_token: the webhook"
              + " was removed or its path is wrong, store the current one in the connection's"
              + " password");
    }
  }

  /**
   * Slack has no endpoint that checks a webhook without posting, so this posts an empty payload,
   * which Slack refuses before posting anything: HTTP 400 ({@code no_text}, {@code
   * invalid_payload}) means the webhook exists, 403/404/410 that it does not. Nothing appears in
   * the channel.
   */
  @Override
  public HookTestResult test() {
    try {
      Answer answer = post("{}");
      String said = client().target().shown() + " answered HTTP " + answer.status();
      if (answer.status() == 400 || answer.status() / 100 == 2) {
        return HookTestResult.ok(said + ": the webhook exists (nothing was posted)");
      }
      return HookTestResult.failed(said + " (" + answer.body() + "): no such webhook");
    } catch (IOException e) {
      return HookTestResult.failed(
          "Slack webhook of connection '"
              + connection().connId()
              + "' at "
              + client().target().shown()
              + " could not be reached: "
              + e.getClass().getSimpleName());
    }
  }

  private Answer post(String json) throws IOException {
    SlackClient slack = client();
    Request request =
        new Request.Builder()
            .url(slack.target().url())
            .post(RequestBody.create(json.getBytes(StandardCharsets.UTF_8), JSON))
            .build();
    try (Response response = slack.http().newCall(request).execute()) {
      String text = response.body().string();
      // Slack answers in a word (no_text, invalid_token); a proxy may answer with a page.
      String brief = text.length() > 200 ? text.substring(0, 200) + "..." : text;
      return new Answer(response.code(), brief.strip());
    } catch (IOException e) {
      // OkHttp's message may hold the URL, and so the secret path: keep only the host.
      throw new IOException(
          "Slack webhook of connection '"
              + connection().connId()
              + "' at "
              + slack.target().shown()
              + " could not be reached ("
              + e.getClass().getSimpleName()
              + "); check the connection's host and the network");
    }
  }

  private record Answer(int status, String body) {}
}
