package io.updraft.core.auth;

import java.time.Instant;

/**
 * A signed-in browser: the user and the CSRF token every form and state-changing request of that
 * browser must echo.
 */
public record Session(User user, String csrfToken, Instant expiresAt) {}
