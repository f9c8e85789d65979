package io.updraft.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The pg_hba.conf of the embedded PostgreSQL: a password (scram-sha-256) for every connection, over
 * loopback only. Homes made before passwords existed trusted every local connection; they are
 * recognised by the missing marker line and get, for the few seconds their superuser needs a
 * password set, a trust rule for one random loopback source address that only this process uses.
 */
final class EmbeddedPostgresAuth {
  private static final String MARKER = "# updraft: scram-sha-256 over loopback";
  private static final SecureRandom RANDOM = new SecureRandom();

  private EmbeddedPostgresAuth() {}

  /** True for a data directory made by an Updraft that used trust authentication. */
  static boolean needsMigration(Path data) {
    if (!Files.exists(data.resolve("postgresql.conf"))) {
      return false; // not initialised yet: initdb sets the superuser's password
    }
    try {
      return !Files.readString(data.resolve("pg_hba.conf")).contains(MARKER);
    } catch (IOException e) {
      return true;
    }
  }

  /** True for a data directory whose superuser already has a password (made by this version). */
  static boolean requiresPasswords(Path data) {
    return Files.exists(data.resolve("postgresql.conf")) && !needsMigration(data);
  }

  /** A random address in 127.0.0.0/8 other than 127.0.0.1, which every client uses by default. */
  static String randomLoopbackSource() {
    return "127."
        + (1 + RANDOM.nextInt(254))
        + "."
        + RANDOM.nextInt(256)
        + "."
        + (2 + RANDOM.nextInt(253));
  }

  static void writePasswordOnly(Path data) {
    write(
        data,
        MARKER
            + "\n"
            + "local all all scram-sha-256\n"
            + "host all all 127.0.0.1/32 scram-sha-256\n"
            + "host all all ::1/128 scram-sha-256\n");
  }

  /** The set-up rules of a migration: the superuser, from {@code source} only, without password. */
  static void writeMigration(Path data, String source) {
    write(data, "host all " + StandaloneCredentials.SUPERUSER + " " + source + "/32 trust\n");
  }

  private static void write(Path data, String rules) {
    try {
      Files.writeString(data.resolve("pg_hba.conf"), rules);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + data.resolve("pg_hba.conf"), e);
    }
  }
}
