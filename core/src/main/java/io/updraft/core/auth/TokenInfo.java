package io.updraft.core.auth;

import java.time.Instant;

/**
 * An API token as it may be listed: never the token, only an id that names it for revoking (the
 * first characters of its stored hash, which tell nothing about the token itself).
 */
public record TokenInfo(String id, String username, Instant createdAt, Instant expiresAt) {
  /** Characters of the token's hash that make its id. */
  public static final int ID_LENGTH = 12;
}
