package io.updraft.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Files only their owner may read: the Updraft home (0700) and the secrets kept in it (0600). A
 * secret file is created with its mode, never written first and narrowed after, so no other user
 * can open it in between.
 */
final class OwnerOnlyFiles {
  private OwnerOnlyFiles() {}

  /** Creates the directory if needed and makes it 0700, so what is inside is private. */
  static Path privateDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create or make private the directory " + dir, e);
    }
  }

  /** Writes {@code content} to {@code file} with mode 0600, replacing it atomically. */
  static void writeSecret(Path file, String content) {
    privateDirectory(file.getParent());
    try {
      Path tmp =
          Files.createTempFile(
              file.getParent(),
              file.getFileName() + ".",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, content);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** The content of {@code file}, if it exists. */
  static Optional<String> readSecret(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
