package io.updraft.hooks.vault;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a token a login sends from its file, with errors that name the setting and the file. */
final class TokenFile {
  private TokenFile() {}

  /**
   * The file's content without surrounding whitespace (token files often end with a newline).
   *
   * @param setting the {@code secrets.vault} key that names the file
   * @param method the auth method, for the message
   */
  static String read(Path file, String setting, String method) {
    String where =
        "Vault " + method + " login: the token file " + file + " (secrets.vault." + setting + ")";
    String token;
    try {
      token = Files.readString(file).strip();
    } catch (NoSuchFileException e) {
      throw new IllegalStateException(
          where + " does not exist; mount the token there or set secrets.vault." + setting, e);
    } catch (AccessDeniedException e) {
      throw new IllegalStateException(
          where + " cannot be read: permission denied for this process's user", e);
    } catch (IOException e) {
      throw new IllegalStateException(where + " cannot be read: " + e, e);
    }
    if (token.isEmpty()) {
      throw new IllegalStateException(where + " is empty");
    }
    return token;
  }
}
