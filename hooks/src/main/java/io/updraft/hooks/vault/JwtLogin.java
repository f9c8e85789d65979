package io.updraft.hooks.vault;

import java.nio.file.Path;
import java.util.Map;

/**
 * JWT/OIDC: a JWT issued by a provider Vault trusts (a CI system, a workload identity), read from
 * its file at every login so that a refreshed token is picked up; never kept in the settings.
 */
record JwtLogin(String role, Path jwtPath, String mount) implements VaultLogin {
  @Override
  public String method() {
    return "JWT";
  }

  @Override
  public Map<String, String> body() {
    String jwt = TokenFile.read(jwtPath, "jwt_path", method());
    return Map.of("role", role, "jwt", jwt);
  }
}
