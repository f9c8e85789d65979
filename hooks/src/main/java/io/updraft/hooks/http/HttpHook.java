package io.updraft.hooks.http;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.PooledHook;
import io.updraft.core.hook.SharedPools;
import io.updraft.core.json.Json;
import io.updraft.core.secrets.CredentialsRejectedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an HTTP API at the connection's base URL, with its authentication and headers. Connection
 * errors and 5xx answers are retried with exponential backoff, but only for idempotent methods (a
 * retried POST could charge a customer twice).
 *
 * <pre>{@code
 * try (HttpHook api = context.hook("orders_api", HttpHook.class)) {
 *   List<?> orders = api.get("/v1/orders?day=" + ds).requireSuccess().json(List.class);
 * }
 * }</pre>
 */
public final class HttpHook extends PooledHook<HttpClientResource> {
  private static final Logger LOG = LoggerFactory.getLogger(HttpHook.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  HttpHook(Connection connection, SharedPools pools) {
    this(connection, pools, "okhttp", HttpClientResource::create);
  }

  HttpHook(
      Connection connection,
      SharedPools pools,
      String kind,
      java.util.function.Function<Connection, HttpClientResource> create) {
    super(connection, pools, kind, create);
  }

  /** The connection's base URL. */
  public HttpUrl baseUrl() {
    return client().settings().baseUrl();
  }

  /**
   * {@code endpoint} resolved against the base URL ({@code /v1/x}, {@code v1/x?q=1} or absolute).
   */
  public HttpUrl url(String endpoint) {
    return resolve(baseUrl(), endpoint);
  }

  private static HttpUrl resolve(HttpUrl baseUrl, String endpoint) {
    if (endpoint == null || endpoint.isEmpty()) {
      return baseUrl;
    }
    HttpUrl absolute = HttpUrl.parse(endpoint);
    if (absolute != null) {
      return absolute;
    }
    String base = baseUrl.toString();
    String joined =
        base.endsWith("/") && endpoint.startsWith("/")
            ? base + endpoint.substring(1)
            : base.endsWith("/") || endpoint.startsWith("/")
                ? base + endpoint
                : base + "/" + endpoint;
    return HttpUrl.get(joined);
  }

  public HttpResult get(String endpoint) throws IOException, InterruptedException {
    return request("GET", endpoint, Map.of(), null, null);
  }

  public HttpResult delete(String endpoint) throws IOException, InterruptedException {
    return request("DELETE", endpoint, Map.of(), null, null);
  }

  /** POSTs {@code body} as JSON. */
  public HttpResult postJson(String endpoint, Object body)
      throws IOException, InterruptedException {
    return request(
        "POST",
        endpoint,
        Map.of(),
        Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        JSON);
  }

  /** PUTs {@code body} as JSON. */
  public HttpResult putJson(String endpoint, Object body) throws IOException, InterruptedException {
    return request(
        "PUT",
        endpoint,
        Map.of(),
        Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        JSON);
  }

  /**
   * Sends a request and returns the final answer whatever its status (see {@link
   * HttpResult#isSuccessful()}). Retries connection errors and 5xx of idempotent methods.
   *
   * <p>A 401 answer means the connection's credentials were rejected (unless {@code headers} bring
   * their own {@code Authorization}): the connection is fetched again, bypassing the secrets cache,
   * and the request sent once more with the new credentials; a 401 again throws.
   *
   * @param contentType of {@code body}, or null for none
   * @throws CredentialsRejectedException when the server answers 401 to the connection's
   *     credentials, even after fetching them again
   */
  public HttpResult request(
      String method,
      String endpoint,
      Map<String, String> headers,
      byte[] body,
      MediaType contentType)
      throws IOException, InterruptedException {
    String verb = method.toUpperCase(Locale.ROOT);
    HttpClientResource resource = client();
    HttpResult result = send(resource, verb, endpoint, headers, body, contentType);
    if (!rejectsCredentials(result, headers)) {
      return result;
    }
    // Authentication comes before any work, so sending again is safe even for a POST.
    HttpClientResource renewed = renewAfterRejection(resource, rejection(result));
    HttpResult retried = send(renewed, verb, endpoint, headers, body, contentType);
    if (rejectsCredentials(retried, headers)) {
      throw rejectedAgain(rejection(retried));
    }
    return retried;
  }

  private HttpResult send(
      HttpClientResource resource,
      String verb,
      String endpoint,
      Map<String, String> headers,
      byte[] body,
      MediaType contentType)
      throws IOException, InterruptedException {
    HttpSettings settings = resource.settings();
    Request request =
        build(verb, resolve(settings.baseUrl(), endpoint), headers, body, contentType, settings);
    int attempts = IDEMPOTENT.contains(verb) ? settings.retries() + 1 : 1;
    Duration backoff = settings.retryBackoff();
    for (int attempt = 1; ; attempt++) {
      try (Response response = resource.client().newCall(request).execute()) {
        HttpResult result = read(verb, redacted(request.url()), response);
        if (result.status() < 500 || attempt >= attempts) {
          return result;
        }
        LOG.info(
            "{} {} answered {}; retry {} of {} in {} ms",
            verb,
            redacted(request.url()),
            result.status(),
            attempt,
            attempts - 1,
            backoff.toMillis());
      } catch (InterruptedIOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
        if (attempt >= attempts) {
          throw e;
        }
        LOG.info(
            "{} {} timed out; retry {} of {}",
            verb,
            redacted(request.url()),
            attempt,
            attempts - 1);
      } catch (IOException e) {
        if (attempt >= attempts) {
          throw new IOException(
              verb
                  + " "
                  + redacted(request.url())
                  + " failed after "
                  + attempt
                  + " attempt(s): "
                  + e.getMessage(),
              e);
        }
        LOG.info(
            "{} {} failed ({}); retry {} of {}",
            verb,
            redacted(request.url()),
            e.toString(),
            attempt,
            attempts - 1);
      }
      Thread.sleep(backoff);
      backoff = backoff.multipliedBy(2);
    }
  }

  /**
   * Only 401 says the credentials are wrong. A 403 says they were recognised and lack a permission:
   * fetching them again would not help, and would hide a real authorisation error behind a retry.
   */
  private static boolean rejectsCredentials(HttpResult result, Map<String, String> headers) {
    return result.status() == 401
        && headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase);
  }

  private CredentialsRejectedException rejection(HttpResult result) {
    // The challenge says why (e.g. error="invalid_token") without echoing the token; the body
    // might.
    String challenge = result.header("www-authenticate");
    String why = challenge == null ? "" : " (" + challenge + ")";
    return new CredentialsRejectedException(
        result.method()
            + " "
            + result.url()
            + " answered HTTP 401"
            + why
            + ": the server rejected the credentials of connection '"
            + connection().connId()
            + "'",
        new HttpStatusException(result.method(), result.url(), 401, "body left out"));
  }

  @Override
  public HookTestResult test() {
    try {
      HttpResult result = request("HEAD", "", Map.of(), null, null);
      return result.status() < 500
          ? HookTestResult.ok(redacted(baseUrl()) + " answered HTTP " + result.status())
          : HookTestResult.failed(redacted(baseUrl()) + " answered HTTP " + result.status());
    } catch (IOException | CredentialsRejectedException e) {
      return HookTestResult.failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HookTestResult.failed(e);
    }
  }

  private static Request build(
      String verb,
      HttpUrl url,
      Map<String, String> headers,
      byte[] body,
      MediaType contentType,
      HttpSettings settings) {
    Request.Builder builder = new Request.Builder().url(url);
    settings.headers().forEach(builder::header);
    if (settings.authorization() != null) {
      builder.header("Authorization", settings.authorization());
    }
    headers.forEach(builder::header);
    RequestBody requestBody =
        body != null
            ? RequestBody.create(body, contentType)
            : requiresBody(verb) ? RequestBody.create(new byte[0], contentType) : null;
    return builder.method(verb, requestBody).build();
  }

  private static boolean requiresBody(String verb) {
    return verb.equals("POST") || verb.equals("PUT") || verb.equals("PATCH");
  }

  private static HttpResult read(String verb, String url, Response response) throws IOException {
    ResponseBody body = response.body();
    byte[] bytes = body == null ? new byte[0] : body.bytes();
    Map<String, java.util.List<String>> headers = new java.util.LinkedHashMap<>();
    response.headers().toMultimap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    return new HttpResult(verb, url, response.code(), Map.copyOf(headers), bytes);
  }

  /** The URL without user info or query, which may hold credentials. */
  static String redacted(HttpUrl url) {
    return url.newBuilder().username("").password("").query(null).build().toString();
  }
}
