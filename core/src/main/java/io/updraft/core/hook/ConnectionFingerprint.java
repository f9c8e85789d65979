package io.updraft.core.hook;

import io.updraft.core.connection.Connection;
import io.updraft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A digest of every field of a connection, password included: two connections share a pool only
 * when they would log in the same way. Keyed with a random per-process key so that a fingerprint
 * seen in a log or a heap dump cannot be used to guess a password offline.
 */
public final class ConnectionFingerprint {
  private static final byte[] KEY = new byte[32];

  static {
    new SecureRandom().nextBytes(KEY);
  }

  private ConnectionFingerprint() {}

  public static String of(Connection connection) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
      // Json sorts map keys, so equal extras in any order give the same text.
      byte[] digest = mac.doFinal(Json.write(connection.fields()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
