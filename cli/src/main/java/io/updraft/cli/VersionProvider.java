package io.updraft.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, {@code dev} when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"updraft " + (version == null ? "dev" : version)};
  }
}
