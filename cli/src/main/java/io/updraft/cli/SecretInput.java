package io.updraft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Secrets given to the command line without putting them in its arguments, which every user of the
 * machine can read with {@code ps}: {@code -} reads standard input, and a file option reads a file.
 * One trailing line break is dropped, as {@code echo} and editors add one.
 */
final class SecretInput {
  /** Says so in each option's help. */
  static final String HELP = "Give - to read it from standard input, so it stays out of `ps`.";

  private SecretInput() {}

  /** {@code value} itself, or standard input when it is "-"; null stays null. */
  static String valueOrStdin(String value, String option) {
    if (!"-".equals(value)) {
      return value;
    }
    try {
      return chomp(
          new String(readAll(System.in), StandardCharsets.UTF_8), option, "standard input");
    } catch (IOException e) {
      throw new UserError("Could not read " + option + " from standard input: " + e.getMessage());
    }
  }

  /** The contents of {@code file}. */
  static String fromFile(Path file, String option) {
    try {
      return chomp(Files.readString(file, StandardCharsets.UTF_8), option, file.toString());
    } catch (IOException e) {
      throw new UserError(
          option + " " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  private static String chomp(String text, String option, String source) {
    String value =
        text.endsWith("\r\n")
            ? text.substring(0, text.length() - 2)
            : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    if (value.isEmpty()) {
      throw new UserError(option + ": " + source + " was empty; it must hold the secret.");
    }
    return value;
  }
}
