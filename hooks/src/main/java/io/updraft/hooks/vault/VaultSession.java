package io.updraft.hooks.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client token every read sends, for all login methods alike: logged in on first use, renewed
 * (when Vault says the token is renewable) or logged in again once three quarters of its lease have
 * passed, and logged in again when Vault refuses it. A static {@code token} is used as given. The
 * token never leaves this class except as the X-Vault-Token header.
 */
final class VaultSession {
  private static final Logger log = LoggerFactory.getLogger(VaultSession.class);

  private final VaultApi api;
  private final VaultLogin login;
  private final Clock clock;
  private String token;
  private Lease lease = Lease.NONE;

  /** The lease of the current token; {@code refreshAt} null when it does not expire. */
  private record Lease(Duration duration, boolean renewable, Instant refreshAt, Instant endsAt) {
    static final Lease NONE = new Lease(Duration.ZERO, false, null, null);

    static Lease from(JsonNode auth, Instant now) {
      Duration duration = Duration.ofSeconds(auth.path("lease_duration").asLong(0));
      if (duration.isZero() || duration.isNegative()) {
        return NONE;
      }
      return new Lease(
          duration,
          auth.path("renewable").asBoolean(false),
          now.plus(duration.multipliedBy(3).dividedBy(4)),
          now.plus(duration));
    }
  }

  VaultSession(VaultApi api, VaultSettings settings, Clock clock) {
    this.api = api;
    this.login = settings.login();
    this.clock = clock;
    this.token = settings.token();
  }

  /** The token to send now. */
  synchronized String token() {
    if (token == null) {
      logIn();
    } else if (lease.refreshAt() != null && !clock.instant().isBefore(lease.refreshAt())) {
      refresh();
    }
    return token;
  }

  /**
   * Vault answered 403 to {@code refused}: whether a new token may help, in which case the next
   * {@link #token()} logs in again. A static token cannot be replaced.
   */
  synchronized boolean refused(String refused) {
    if (login == null) {
      return false;
    }
    if (refused.equals(token)) { // another caller may have logged in already
      token = null;
    }
    return true;
  }

  private void refresh() {
    try {
      if (!(lease.renewable() && renew())) {
        logIn();
      }
    } catch (RuntimeException e) {
      if (clock.instant().isBefore(lease.endsAt())) {
        // The current token still works for a while: keep reading, try again at the next call.
        log.warn(
            "Refreshing the Vault token failed, using the current one until its lease ends", e);
        return;
      }
      token = null;
      throw e;
    }
  }

  /**
   * {@code POST /v1/auth/token/renew-self}. False when a login is needed instead: renewal refused,
   * or the lease came back shorter than half the last one (the token nears its max TTL).
   */
  private boolean renew() {
    try (Response response = api.post(api.url("auth/token/renew-self"), Map.of(), token)) {
      if (!response.isSuccessful()) {
        log.info("Vault refused to renew the token ({}), logging in again", response.code());
        return false;
      }
      JsonNode auth = VaultApi.readJson(response).path("auth");
      Lease renewed = Lease.from(auth, clock.instant());
      if (renewed.refreshAt() == null
          || renewed.duration().compareTo(lease.duration().dividedBy(2)) < 0) {
        return false;
      }
      lease = renewed;
      return true;
    }
  }

  /** {@code POST /v1/auth/<mount>/login}: the one login path of every method. */
  private void logIn() {
    if (login == null) {
      throw new IllegalStateException("Vault has no token to send and no login method configured");
    }
    HttpUrl url = api.url("auth/" + login.mount() + "/login");
    Map<String, String> body = login.body();
    try (Response response = api.post(url, body, null)) {
      if (!response.isSuccessful()) {
        throw new IllegalStateException(
            redact(
                "Vault "
                    + login.method()
                    + " login at "
                    + url.encodedPath()
                    + " failed with "
                    + response.code()
                    + VaultApi.errors(response)
                    + "; check the role and the credentials of secrets.vault",
                body));
      }
      JsonNode auth = VaultApi.readJson(response).path("auth");
      String clientToken = auth.path("client_token").asText("");
      if (clientToken.isEmpty()) {
        throw new IllegalStateException(
            "Vault "
                + login.method()
                + " login at "
                + url.encodedPath()
                + " answered without auth.client_token");
      }
      token = clientToken;
      lease = Lease.from(auth, clock.instant());
      log.info(
          "Logged in to Vault with {} at {}; lease {} s{}",
          login.method(),
          url.encodedPath(),
          lease.duration().toSeconds(),
          lease.renewable() ? ", renewable" : "");
    }
  }

  /** Vault may quote what it refused; a JWT or secret id must not reach a log through us. */
  private String redact(String message, Map<String, String> body) {
    String result = message;
    for (Map.Entry<String, String> e : body.entrySet()) {
      if (!login.isPublic(e.getKey()) && !e.getValue().isEmpty()) {
        result = result.replace(e.getValue(), "***");
      }
    }
    return result;
  }
}
