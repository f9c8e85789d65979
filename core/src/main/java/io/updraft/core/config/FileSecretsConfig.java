package io.updraft.core.config;

/**
 * The local-file secrets backend ({@code file} in {@code secrets.order}): a file of connections and
 * one of variables, each {@code .env}, {@code .json}, {@code .yaml} or {@code .yml}.
 */
public record FileSecretsConfig(
    @Doc("File of connections for the `file` backend (.env, .json, .yaml or .yml).")
        String connections,
    @Doc("File of variables for the `file` backend (.env, .json, .yaml or .yml).")
        String variables) {
  public static FileSecretsConfig defaults() {
    return new FileSecretsConfig(null, null);
  }

  public boolean isConfigured() {
    return (connections != null && !connections.isBlank())
        || (variables != null && !variables.isBlank());
  }
}
