package io.updraft.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --password} (a value, or - for standard input) and {@code --password-file}. */
final class PasswordOptions {
  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      description =
          "At least 8 characters (default: generated and printed once). " + SecretInput.HELP)
  String password;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Read the password from FILE (one trailing line break is dropped).")
  Path passwordFile;

  /** The password given, or null when none was. */
  String password() {
    if (password != null && passwordFile != null) {
      throw new UserError("Give --password or --password-file, not both.");
    }
    return passwordFile != null
        ? SecretInput.fromFile(passwordFile, "--password-file")
        : SecretInput.valueOrStdin(password, "--password");
  }
}
