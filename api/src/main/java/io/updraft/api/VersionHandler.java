package io.updraft.api;

import io.javalin.http.Context;

/** {@code GET /api/v1/version}. */
final class VersionHandler {
  record Version(String version) {}

  private final Version version;

  VersionHandler() {
    String fromManifest = VersionHandler.class.getPackage().getImplementationVersion();
    this.version = new Version(fromManifest == null ? "dev" : fromManifest);
  }

  void version(Context ctx) {
    ctx.json(version);
  }
}
