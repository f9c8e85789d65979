package io.updraft.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.api.view.ErrorView;
import io.updraft.api.view.Layout;

/** Errors for people: an HTML page in the UI, {@code application/problem+json} under /api. */
final class ErrorPages {
  private final Templates templates;

  ErrorPages(Templates templates) {
    this.templates = templates;
  }

  void problem(ApiProblem problem, Context ctx) {
    if (Authentication.isApi(ctx)) {
      Problems.apiProblem(problem, ctx);
      return;
    }
    HttpStatus status = problem.status();
    Caller caller = Caller.of(ctx);
    Layout layout =
        caller == null
            ? Layout.anonymous(status.getMessage())
            : new Layout(status.getMessage(), caller.user(), caller.csrfToken(), 0);
    ctx.status(status);
    templates.html(
        ctx,
        "error.jte",
        new ErrorView(layout, status.getCode(), status.getMessage(), problem.getMessage()));
  }

  static void redirect(UiRedirect redirect, Context ctx) {
    ctx.redirect(redirect.location(), HttpStatus.SEE_OTHER);
  }
}
