package io.updraft.dags.exchange;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.PooledHook;
import io.updraft.core.hook.SharedPools;
import io.updraft.core.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

/**
 * Reads daily exchange rates from a rates API: {@code GET /v1/rates/{day}?base=EUR&symbols=USD}
 * with the API key (the connection's password) in {@code X-Api-Key}.
 */
public final class ExchangeRatesHook extends PooledHook<HttpClient> {
  ExchangeRatesHook(Connection connection, SharedPools pools) {
    super(
        connection,
        pools,
        "exchange-rates-http",
        c -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  /** How many {@code quote} one {@code base} buys on {@code day}. */
  public BigDecimal rate(String base, String quote, LocalDate day)
      throws IOException, InterruptedException {
    Map<?, ?> answer = get("/v1/rates/" + day + "?base=" + base + "&symbols=" + quote);
    Object rate = ((Map<?, ?>) answer.get("rates")).get(quote);
    if (rate == null) {
      throw new IOException("The rates API has no " + base + "/" + quote + " rate for " + day);
    }
    return new BigDecimal(rate.toString());
  }

  @Override
  public HookTestResult test() {
    try {
      get("/v1/health");
      return HookTestResult.ok("The rates API answered");
    } catch (IOException e) {
      return HookTestResult.failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HookTestResult.failed(e);
    }
  }

  private Map<?, ?> get(String path) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(baseUri().resolve(path)).timeout(Duration.ofSeconds(30)).GET();
    if (connection().password() != null) {
      request.header("X-Api-Key", connection().password());
    }
    HttpResponse<String> response =
        client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      // Not the URL's query nor the key: only what a user needs to act on.
      throw new IOException(
          "The rates API at " + connection().host() + " answered HTTP " + response.statusCode());
    }
    return Json.read(response.body(), Map.class);
  }

  private URI baseUri() {
    Connection c = connection();
    String scheme = c.schema() == null ? "https" : c.schema();
    int port = c.port() == null ? -1 : c.port();
    return URI.create(scheme + "://" + c.host() + (port > 0 ? ":" + port : ""));
  }
}
