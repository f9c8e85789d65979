package io.updraft.cli;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.UpdraftConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * The passwords of the embedded servers of a standalone, made at its first start and kept in {@code
 * credentials.properties} (mode 0600) under the Updraft home. The PostgreSQL superuser's password
 * serves only to set the database up; Updraft itself connects as {@link #DATABASE_USER}, which owns
 * the database but is no superuser. Other commands read this file as they read standalone.json,
 * which holds no secret.
 */
record StandaloneCredentials(
    String superuserPassword, String databasePassword, String redisPassword) {
  static final String SUPERUSER = "postgres";
  static final String DATABASE_USER = "updraft";
  static final String DATABASE = "updraft";
  private static final String FILE = "credentials.properties";
  private static final SecureRandom RANDOM = new SecureRandom();

  static Path file(Path home) {
    return home.resolve(FILE);
  }

  /**
   * The home's credentials, made and stored at the first call. New passwords cannot open a database
   * that has passwords already: then the lost file is reported, not replaced.
   */
  static StandaloneCredentials loadOrCreate(Path home) {
    return read(home)
        .orElseGet(
            () -> {
              if (EmbeddedPostgresAuth.requiresPasswords(home.resolve("postgres"))) {
                throw new UserError(
                    file(home)
                        + " is missing, and the embedded database in "
                        + home.resolve("postgres")
                        + " requires the passwords it held. Restore the file from a backup, or"
                        + " move that directory away to start with an empty database.");
              }
              StandaloneCredentials made =
                  new StandaloneCredentials(password(), password(), password());
              made.write(home);
              return made;
            });
  }

  static Optional<StandaloneCredentials> read(Path home) {
    return OwnerOnlyFiles.readSecret(file(home))
        .map(
            text -> {
              Properties p = new Properties();
              try {
                p.load(new StringReader(text));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              String superuser = p.getProperty("postgres.superuser.password");
              String database = p.getProperty("postgres.updraft.password");
              String redis = p.getProperty("redis.password");
              if (superuser == null || database == null || redis == null) {
                throw new UserError(
                    file(home)
                        + " lacks postgres.superuser.password, postgres.updraft.password or"
                        + " redis.password. Restore it from a backup; without it the embedded"
                        + " database cannot be opened.");
              }
              return new StandaloneCredentials(superuser, database, redis);
            });
  }

  private void write(Path home) {
    Properties p = new Properties();
    p.setProperty("postgres.superuser.password", superuserPassword);
    p.setProperty("postgres.updraft.password", databasePassword);
    p.setProperty("redis.password", redisPassword);
    StringWriter out = new StringWriter();
    try {
      p.store(out, "Passwords of the embedded PostgreSQL and Redis of 'updraft standalone'");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    OwnerOnlyFiles.writeSecret(file(home), out.toString());
  }

  /** {@code config} connecting to the embedded database at {@code jdbcUrl} as the updraft role. */
  UpdraftConfig withDatabase(UpdraftConfig config, String jdbcUrl) {
    DatabaseConfig db = config.database();
    return config.withDatabase(
        new DatabaseConfig(jdbcUrl, DATABASE_USER, databasePassword, db.poolSize()));
  }

  /** {@code config} connecting to the embedded Redis at {@code redisUrl} with the password. */
  UpdraftConfig withRedis(UpdraftConfig config, String redisUrl) {
    return config.withRedis(
        config
            .redis()
            .withUrl(redisUrl.replaceFirst("^redis://", "redis://:" + redisPassword + "@")));
  }

  /** 24 random bytes, URL-safe base64: nothing in it needs quoting in a URL or a config file. */
  private static String password() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "StandaloneCredentials[***]";
  }
}
