package io.updraft.core.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes with PBKDF2-HMAC-SHA256 from the JDK, in the self-describing form {@code
 * pbkdf2-sha256$<iterations>$<salt>$<hash>}: the iteration count travels with each hash, so it can
 * be raised later without invalidating the passwords already stored.
 */
public final class Passwords {
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int iterations;

  public Passwords(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive, got " + iterations);
    }
    this.iterations = iterations;
  }

  public static Passwords standard() {
    return new Passwords(DEFAULT_ITERATIONS);
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return SCHEME
        + "$"
        + iterations
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(derive(password, salt, iterations));
  }

  /** Whether {@code password} matches {@code stored}; false for a hash in an unknown form. */
  public static boolean verify(String password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    try {
      int rounds = Integer.parseInt(parts[1]);
      byte[] expected = B64D.decode(parts[3]);
      return MessageDigest.isEqual(expected, derive(password, B64D.decode(parts[2]), rounds));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A password for a user nobody chose one for: 24 URL-safe characters, 144 random bits. */
  public static String generate() {
    return RandomTokens.newToken(18);
  }

  private static byte[] derive(String password, byte[] salt, int rounds) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
