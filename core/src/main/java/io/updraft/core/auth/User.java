package io.updraft.core.auth;

import java.time.Instant;

/** A person or tool that may use the API and UI. Never carries the password or its hash. */
public record User(String username, Role role, Instant createdAt) {}
