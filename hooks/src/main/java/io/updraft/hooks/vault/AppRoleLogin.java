package io.updraft.hooks.vault;

import java.util.Map;

/** AppRole: a role id and its secret id, both from the settings. */
record AppRoleLogin(String roleId, String secretId, String mount) implements VaultLogin {
  @Override
  public String method() {
    return "AppRole";
  }

  @Override
  public Map<String, String> body() {
    return Map.of("role_id", roleId, "secret_id", secretId);
  }

  @Override
  public String toString() {
    return "AppRoleLogin[roleId=" + roleId + ", mount=" + mount + "]";
  }
}
