package io.updraft.core.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.FatalTemplateErrorsException;
import com.hubspot.jinjava.interpret.TemplateError;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders Jinja templates (Airflow's {@code {{ ds }}}, {@code {{ run_id }}}, ...) with Jinjava. An
 * unknown variable is an error rather than an empty string, so a typo cannot run a wrong command.
 *
 * <p>Rendering is one pass: what a variable holds (a run id, conf, params, XCom, a variable's
 * value) is printed as it is, never read as a template again. Jinjava's default reads an
 * expression's output as a template once more ("nested interpretation"), which would let whoever
 * triggers a run put {@code {{ conn.db.password }}} in its conf and have it evaluated.
 */
public final class TemplateRenderer {
  /**
   * Jinjava is loaded on the first template that has a tag: it and the libraries it pulls in are
   * some 500 classes (several MB of class metadata), which a scheduler or worker whose DAGs use no
   * templates never needs. Its configuration never changes, so one engine serves every renderer.
   */
  private static final class Engine {
    static final Jinjava JINJAVA =
        new Jinjava(
            JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(true)
                .withNestedInterpretationEnabled(false)
                .build());
  }

  public String render(String template, Map<String, Object> variables) {
    if (!hasTag(template)) {
      return template;
    }
    try {
      return Engine.JINJAVA.render(template, variables);
    } catch (FatalTemplateErrorsException e) {
      String problems =
          java.util.stream.StreamSupport.stream(e.getErrors().spliterator(), false)
              .map(TemplateRenderer::describe)
              .collect(Collectors.joining("; "));
      throw new TemplateException(
          "Cannot render template '" + e.getTemplate() + "': " + problems, e);
    }
  }

  /** Jinja reads a text without an expression, statement or comment opener as it is. */
  private static boolean hasTag(String template) {
    for (int i = template.indexOf('{'); i >= 0; i = template.indexOf('{', i + 1)) {
      if (i + 1 < template.length() && "{%#".indexOf(template.charAt(i + 1)) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static String describe(TemplateError error) {
    return error.getMessage() + (error.getLineno() > 0 ? " (line " + error.getLineno() + ")" : "");
  }
}
