package io.updraft.hooks.vault;

import java.nio.file.Path;
import java.util.Map;

/**
 * Kubernetes: the pod's service account token, read from its file at every login because a
 * projected token is rotated by the kubelet and an old one is refused.
 */
record KubernetesLogin(String role, Path jwtPath, String mount) implements VaultLogin {
  static final String DEFAULT_JWT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token";

  @Override
  public String method() {
    return "Kubernetes";
  }

  @Override
  public Map<String, String> body() {
    String jwt = TokenFile.read(jwtPath, "kubernetes_jwt_path", method());
    return Map.of("role", role, "jwt", jwt);
  }
}
