package io.updraft.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.security.RouteRole;
import io.updraft.core.auth.Role;
import io.updraft.core.auth.Session;
import io.updraft.core.auth.SignIn;
import io.updraft.core.auth.User;
import io.updraft.core.auth.UserAccounts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Runs before every matched route: finds the caller (basic auth, a bearer token, or a UI session
 * cookie), checks the route's {@link Access}, and for cookie-authenticated changes the CSRF token.
 *
 * <p>Browsers send cookies and remembered basic-auth credentials on their own, so both need a
 * defence against other sites' pages: a session's state-changing requests must echo its CSRF token,
 * the UI's forms take no other credentials than a session, and every state-changing API request
 * must have a JSON body, which no cross-site form can send.
 */
final class Authentication {
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSRF_FIELD = "_csrf";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final UserAccounts accounts;

  Authentication(UserAccounts accounts) {
    this.accounts = accounts;
  }

  void check(Context ctx) {
    Access access = access(ctx.routeRoles());
    if (access == Access.PUBLIC) {
      return;
    }
    boolean api = isApi(ctx);
    boolean safe = SAFE_METHODS.contains(ctx.method().name());
    Caller caller = identify(ctx);
    if (caller == null) {
      if (api) {
        ctx.header("WWW-Authenticate", "Basic realm=\"Updraft\", charset=\"UTF-8\"");
        throw new ApiProblem(
            HttpStatus.UNAUTHORIZED,
            "Sign in to use "
                + ctx.method()
                + " "
                + ctx.path()
                + ": send basic auth"
                + " (Authorization: Basic base64(username:password)) or a token from"
                + " POST /api/v1/auth/token or 'updraft users token' (Authorization: Bearer"
                + " TOKEN).");
      }
      throw new UiRedirect(safe ? "/login?next=" + encode(pathAndQuery(ctx)) : "/login");
    }
    Role needed = access.role();
    if (!caller.user().role().includes(needed)) {
      throw new ApiProblem(
          HttpStatus.FORBIDDEN,
          "User '"
              + caller.user().username()
              + "' has role "
              + caller.user().role().wireName()
              + "; "
              + ctx.method()
              + " "
              + ctx.path()
              + " needs role "
              + needed.wireName()
              + " or higher. Ask an admin to give you that role.");
    }
    if (!safe) {
      if (!api && caller.session() == null) {
        // A browser sends basic credentials it remembers to this site along with any other
        // site's form, as it does cookies; only a session has a CSRF token to tell them apart.
        throw new ApiProblem(
            HttpStatus.FORBIDDEN,
            "The UI's forms are posted from its pages, signed in at /login, with the page's CSRF"
                + " token; basic auth and bearer tokens cannot post them. Sign in at /login, or"
                + " use the API under /api/v1 from scripts.");
      }
      if (caller.session() != null && !csrfMatches(ctx, caller.session())) {
        throw new ApiProblem(
            HttpStatus.FORBIDDEN,
            "The form or request carried no valid CSRF token. Reload the page and try again.");
      }
      if (api && !isJson(ctx)) {
        throw new ApiProblem(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            ctx.method()
                + " "
                + ctx.path()
                + " takes a JSON body: send Content-Type: application/json (an empty object {}"
                + " when there is nothing to say).");
      }
    }
    caller.attachTo(ctx);
  }

  /** Basic auth or a bearer token first (tools), else the session cookie (browsers). */
  private Caller identify(Context ctx) {
    String header = ctx.header("Authorization");
    if (header != null) {
      Optional<User> user = fromAuthorization(ctx, header.strip());
      // A wrong Authorization header is an error even when a session cookie is also present.
      return user.map(u -> new Caller(u, null)).orElse(null);
    }
    String sessionId = ctx.cookie(Cookies.SESSION);
    Optional<Session> session = accounts.session(sessionId);
    return session.map(s -> new Caller(s.user(), s)).orElse(null);
  }

  private Optional<User> fromAuthorization(Context ctx, String header) {
    int space = header.indexOf(' ');
    if (space < 0) {
      return Optional.empty();
    }
    String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
    String value = header.substring(space + 1).strip();
    return switch (scheme) {
      case "bearer" -> accounts.userForToken(value);
      case "basic" -> basic(ctx, value);
      default -> Optional.empty();
    };
  }

  private Optional<User> basic(Context ctx, String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    // No user name or password holds a NUL, and the database cannot even look one up.
    if (colon < 0 || decoded.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    SignIn signIn =
        accounts.signIn(decoded.substring(0, colon), decoded.substring(colon + 1), ctx.ip());
    if (signIn.throttled()) {
      throw throttled(ctx, signIn);
    }
    return signIn.user();
  }

  /** A 429 for a refused sign-in, with Retry-After; the same whether the user exists or not. */
  static ApiProblem throttled(Context ctx, SignIn signIn) {
    long seconds = signIn.retryAfterSeconds();
    ctx.header("Retry-After", Long.toString(seconds));
    return new ApiProblem(
        HttpStatus.TOO_MANY_REQUESTS,
        signIn.refusal()
            + " Retry in "
            + seconds
            + " s. (Failed sign-ins are counted per user and per client address by each API"
            + " server.)");
  }

  private static boolean csrfMatches(Context ctx, Session session) {
    String sent = ctx.header(CSRF_HEADER);
    if (sent == null && isForm(ctx)) {
      sent = ctx.formParam(CSRF_FIELD);
    }
    return sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8),
            session.csrfToken().getBytes(StandardCharsets.UTF_8));
  }

  private static Access access(Set<RouteRole> roles) {
    Access strictest = Access.PUBLIC;
    for (RouteRole role : roles) {
      if (role instanceof Access a && a.compareTo(strictest) > 0) {
        strictest = a;
      }
    }
    // A route declared without any role is for signed-in users, never public by accident.
    return roles.isEmpty() ? Access.VIEWER : strictest;
  }

  static boolean isApi(Context ctx) {
    return ctx.path().startsWith("/api/");
  }

  private static boolean isJson(Context ctx) {
    String type = ctx.contentType();
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  private static boolean isForm(Context ctx) {
    String type = ctx.contentType();
    return type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  private static String pathAndQuery(Context ctx) {
    String query = ctx.queryString();
    return query == null ? ctx.path() : ctx.path() + "?" + query;
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** A local path to go back to after signing in; anything else (another site) becomes "/". */
  static String safeNext(String next) {
    if (next == null
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.contains("\\")
        || next.chars().anyMatch(c -> c < 0x20)) {
      return "/";
    }
    return next;
  }
}
