package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.core.auth.UserAccounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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

  /** When the bearer token the request came with expires; empty for other sign-ins. */
  private Optional<Instant> bearerExpiry(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.strip().regionMatches(true, 0, "bearer ", 0, 7)) {
      return Optional.empty();
    }
    return accounts.tokenExpiry(header.strip().substring(7));
  }

  void mint(Context ctx) {
    JsonNode body = JsonBodies.object(ctx, "expires_in_days");
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
    Instant expiresAt = clock.instant().plus(Duration.ofDays(days));
    Optional<Instant> callerExpiry = bearerExpiry(ctx);
    if (callerExpiry.isPresent() && expiresAt.isAfter(callerExpiry.get())) {
      // A token would otherwise renew itself forever: a stolen token must die when it expires.
      if (asked != null && !asked.isNull()) {
        throw ApiProblem.badRequest(
            "A token cannot mint a token that outlives itself: the token you sent expires at "
                + callerExpiry.get()
                + ". Ask for fewer days, leave 'expires_in_days' out, or sign in with your"
                + " password to mint a longer one.");
      }
      expiresAt = callerExpiry.get();
    }
    String token = accounts.mintToken(username, expiresAt);
    ctx.header("Cache-Control", "no-store")
        .status(HttpStatus.CREATED)
        .json(new TokenJson(token, username, expiresAt));
  }
}
