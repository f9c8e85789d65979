package io.updraft.api;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * The JTE templates under {@code src/main/jte}, compiled to classes at build time. JTE escapes
 * every {@code ${...}} for its HTML context, so values from DAG code, run conf or logs cannot
 * inject markup.
 */
final class Templates {
  /**
   * Scripts and styles come only from this server; no inline script runs, no frame embeds a page,
   * forms post only here.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
          + " data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors"
          + " 'none'";

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** Renders {@code template} (for example {@code "dags.jte"}) with its one parameter. */
  String render(String template, Object page) {
    StringOutput out = new StringOutput(16 * 1024);
    engine.render(template, page, out);
    return out.toString();
  }

  void html(Context ctx, String template, Object page) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin")
        .header("Cache-Control", "no-store")
        .html(render(template, page));
  }
}
