package io.updraft.core.hook;

/**
 * One field of a connection that a hook uses, for the UI's connection form.
 *
 * @param name {@code host}, {@code login}, {@code password}, {@code schema}, {@code port} or {@code
 *     extra.<key>}
 * @param label what the form calls it for this conn type ("Bucket", "Project id", ...)
 * @param placeholder an example value
 * @param secret whether the form hides what is typed
 */
public record ConnectionField(String name, String label, String placeholder, boolean secret) {
  public static ConnectionField of(String name, String label, String placeholder) {
    return new ConnectionField(name, label, placeholder, false);
  }

  public static ConnectionField secret(String name, String label, String placeholder) {
    return new ConnectionField(name, label, placeholder, true);
  }
}
