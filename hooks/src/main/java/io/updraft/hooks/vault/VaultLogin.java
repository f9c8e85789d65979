package io.updraft.hooks.vault;

import java.util.Map;

/**
 * One of Vault's login auth methods: {@code POST /v1/auth/<mount>/login} with a method-specific
 * body, answered by a client token in {@code auth.client_token}. {@link VaultSession} sends it and
 * keeps the token; implementations only say what to send.
 */
interface VaultLogin {
  /**
   * The method as users know it, for messages: {@code AppRole}, {@code Kubernetes}, {@code JWT}.
   */
  String method();

  /** Where the method is enabled, the path segment(s) after {@code /v1/auth/}. */
  String mount();

  /**
   * The login request's body, built at every login so that a credential read from a file (a rotated
   * service account token) is read again. Throws with a message naming the setting and the file
   * when the credential cannot be read.
   */
  Map<String, String> body();

  /** Body keys whose values are not secret (role names), everything else is redacted in errors. */
  default boolean isPublic(String key) {
    return key.equals("role") || key.equals("role_id");
  }
}
