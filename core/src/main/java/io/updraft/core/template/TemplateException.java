package io.updraft.core.template;

/** A template that cannot be rendered: an unknown variable, a syntax error. */
public final class TemplateException extends RuntimeException {
  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
