package io.updraft.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.api.view.Layout;
import io.updraft.api.view.LoginView;
import io.updraft.core.auth.RandomTokens;
import io.updraft.core.auth.SignIn;
import io.updraft.core.auth.User;
import io.updraft.core.auth.UserAccounts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code /login} and {@code /logout}. The sign-in form has no session yet to hold its CSRF token,
 * so the token is a double-submit cookie: set with the form, and it must come back equal to the
 * form's hidden field (another site can post a form here but cannot read or set our cookie).
 */
final class LoginHandler {
  private static final Duration FORM_LIFETIME = Duration.ofMinutes(30);

  private final UserAccounts accounts;
  private final Templates templates;

  LoginHandler(UserAccounts accounts, Templates templates) {
    this.accounts = accounts;
    this.templates = templates;
  }

  void form(Context ctx) {
    render(ctx, Authentication.safeNext(ctx.queryParam("next")), null);
  }

  void login(Context ctx) {
    String next = Authentication.safeNext(ctx.formParam("next"));
    if (!sameToken(ctx.cookie(Cookies.LOGIN_CSRF), ctx.formParam(Authentication.CSRF_FIELD))) {
      ctx.status(HttpStatus.FORBIDDEN);
      render(ctx, next, "The sign-in form expired or came from another site; please try again.");
      return;
    }
    SignIn signIn = accounts.signIn(ctx.formParam("username"), ctx.formParam("password"), ctx.ip());
    if (signIn.throttled()) {
      ApiProblem problem = Authentication.throttled(ctx, signIn);
      ctx.status(problem.status());
      render(ctx, next, problem.getMessage());
      return;
    }
    Optional<User> user = signIn.user();
    if (user.isEmpty()) {
      ctx.status(HttpStatus.UNAUTHORIZED);
      render(ctx, next, "Wrong username or password.");
      return;
    }
    String sessionId = accounts.openSession(user.get());
    Cookies.set(ctx, Cookies.SESSION, sessionId, "/", UserAccounts.SESSION_LENGTH);
    Cookies.clear(ctx, Cookies.LOGIN_CSRF, "/login");
    ctx.redirect(next, HttpStatus.SEE_OTHER);
  }

  void logout(Context ctx) {
    accounts.closeSession(ctx.cookie(Cookies.SESSION));
    Cookies.clear(ctx, Cookies.SESSION, "/");
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }

  private void render(Context ctx, String next, String error) {
    String token = RandomTokens.newToken(24);
    Cookies.set(ctx, Cookies.LOGIN_CSRF, token, "/login", FORM_LIFETIME);
    templates.html(
        ctx, "login.jte", new LoginView(Layout.anonymous("Sign in"), token, next, error));
  }

  private static boolean sameToken(String cookie, String field) {
    return cookie != null
        && field != null
        && !cookie.isEmpty()
        && MessageDigest.isEqual(
            cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8));
  }
}
