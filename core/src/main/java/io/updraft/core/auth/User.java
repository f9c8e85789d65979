package io.updraft.core.auth;

import java.time.Instant;

/**
 * A person or tool that may use the API and UI. Never carries the password or its hash. A disabled
 * user cannot sign in.
 */
public record User(String username, Role role, Instant createdAt, boolean enabled) {
  public User(String username, Role role, Instant createdAt) {
    this(username, role, createdAt, true);
  }
}
