package io.updraft.api.view;

import io.updraft.core.auth.User;

/**
 * What every page's frame needs: its title, the signed-in user (null on the sign-in page), the CSRF
 * token its forms carry, and how often it refreshes itself (0: never).
 */
public record Layout(String title, User user, String csrf, int refreshSeconds) {
  public static Layout anonymous(String title) {
    return new Layout(title, null, "", 0);
  }

  public Layout refreshingEvery(int seconds) {
    return new Layout(title, user, csrf, seconds);
  }

  public boolean canOperate() {
    return user != null && user.role().includes(io.updraft.core.auth.Role.OP);
  }

  public boolean isAdmin() {
    return user != null && user.role().includes(io.updraft.core.auth.Role.ADMIN);
  }
}
