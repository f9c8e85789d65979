package io.updraft.core.auth;

/** A user with the hash of their password, as the store keeps it; never leaves the server. */
public record StoredUser(User user, String passwordHash) {}
