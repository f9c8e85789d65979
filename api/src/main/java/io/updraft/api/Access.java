package io.updraft.api;

import io.javalin.security.RouteRole;
import io.updraft.core.auth.Role;

/** Who may call a route: everyone, or a signed-in user with at least the given role. */
enum Access implements RouteRole {
  PUBLIC(null),
  VIEWER(Role.VIEWER),
  OP(Role.OP),
  ADMIN(Role.ADMIN);

  private final Role role;

  Access(Role role) {
    this.role = role;
  }

  /** The least role a caller needs; null for public routes. */
  Role role() {
    return role;
  }
}
