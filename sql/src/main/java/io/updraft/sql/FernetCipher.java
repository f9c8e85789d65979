package io.updraft.sql;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.StringValidator;
import com.macasaet.fernet.Token;
import com.macasaet.fernet.TokenValidationException;
import io.updraft.core.secrets.FernetKeyException;
import java.time.Duration;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.List;

/**
 * Fernet encryption of the secrets kept in the metastore, with Airflow's key list: the first key
 * encrypts, every key decrypts, so a key is rotated by putting the new one first and running {@code
 * updraft fernet rotate}. Keys are Airflow's (URL-safe base64 of 32 bytes), so a key from an
 * Airflow deployment works here.
 */
public final class FernetCipher {
  /** Airflow's tokens never expire: a stored password stays readable however old it is. */
  private static final StringValidator NO_EXPIRY =
      new StringValidator() {
        @Override
        public TemporalAmount getTimeToLive() {
          return Duration.ofDays(365L * 1000);
        }

        @Override
        public TemporalAmount getMaxClockSkew() {
          return Duration.ofDays(365L * 1000);
        }
      };

  private final List<Key> keys;

  /**
   * @param keys the configured keys, first (the one that encrypts) first; may be empty, and then
   *     every encryption and decryption fails with a message saying how to set one
   */
  public FernetCipher(List<String> keys) {
    List<Key> parsed = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      try {
        parsed.add(new Key(keys.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Fernet key #"
                + (i + 1)
                + " in secrets.fernet_key is not a valid key (expected URL-safe base64 of 32 bytes,"
                + " as 'updraft fernet generate' prints)");
      }
    }
    this.keys = List.copyOf(parsed);
  }

  /** A new random key, in the form {@code secrets.fernet_key} takes. */
  public static String generateKey() {
    return Key.generateKey().serialise();
  }

  public boolean hasKey() {
    return !keys.isEmpty();
  }

  public String encrypt(String plain) {
    if (plain == null) {
      return null;
    }
    return Token.generate(requireKey(), plain).serialise();
  }

  /**
   * Decrypts a stored value.
   *
   * @param what what the value is, for the error ("the password of connection 'db'")
   */
  public String decrypt(String token, String what) {
    if (token == null) {
      return null;
    }
    requireKey();
    try {
      return Token.fromString(token).validateAndDecrypt(keys, NO_EXPIRY);
    } catch (TokenValidationException | IllegalArgumentException e) {
      throw new FernetKeyException(
          "Cannot decrypt "
              + what
              + " with any key in secrets.fernet_key: it was encrypted with another key. Add that"
              + " key to secrets.fernet_key (comma-separated, the newest first), or set it anew"
              + " with the current key.");
    }
  }

  /** The value re-encrypted with the first key. */
  public String rotate(String token, String what) {
    return encrypt(decrypt(token, what));
  }

  private Key requireKey() {
    if (keys.isEmpty()) {
      throw new FernetKeyException(
          "No Fernet key configured: the metastore keeps passwords, extras and variables only"
              + " encrypted. Generate a key with 'updraft fernet generate' and set it as"
              + " secrets.fernet_key (or UPDRAFT_SECRETS__FERNET_KEY).");
    }
    return keys.get(0);
  }
}
