package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.core.auth.UserAccounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** {@code POST /api/v1/auth/token}: a bearer token for the caller, shown this one time only. */
final class TokenHandler {
  static final int MAX_DAYS = 365;

  record TokenJson(String token, String username, Instant expiresAt) {}

  private final UserAccounts accounts;
  private final Clock clock;

  TokenHandler(UserAccounts accounts, Clock clock) {
    this.accounts = accounts;
    this.clock = clock;
  }

  void mint(Context ctx) {
    JsonNode body = JsonBodies.object(ctx);
    int days = (int) UserAccounts.DEFAULT_TOKEN_LENGTH.toDays();
    JsonNode asked = body.get("expires_in_days");
    if (asked != null && !asked.isNull()) {
      if (!asked.canConvertToInt() || asked.asInt() < 1 || asked.asInt() > MAX_DAYS) {
        throw ApiProblem.badRequest(
            "'expires_in_days' must be a whole number from 1 to "
                + MAX_DAYS
                + ", got "
                + asked
                + ". Leave it out for "
                + days
                + " days.");
      }
      days = asked.asInt();
    }
    String username = Caller.of(ctx).user().username();
    Duration validFor = Duration.ofDays(days);
    String token = accounts.mintToken(username, validFor);
    ctx.header("Cache-Control", "no-store")
        .status(HttpStatus.CREATED)
        .json(new TokenJson(token, username, clock.instant().plus(validFor)));
  }
}
