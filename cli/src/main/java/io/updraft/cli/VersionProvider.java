package io.updraft.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, {@code dev} when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {Main.version()};
  }
}
