package io.updraft.core.dag;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A piece of data that tasks update and DAGs wait for, named by a URI such as {@code
 * s3://bucket/sales.parquet} (Airflow 3's assets, Airflow 2's datasets). Updraft never reads the
 * URI: it is an identity, so it must have a scheme and must not carry credentials.
 *
 * <pre>{@code
 * Asset sales = Asset.of("s3://bucket/sales.parquet");
 * Task.java("export", ctx -> export()).outlets(sales);
 * Dag.builder("report").schedule(Schedule.onAssets(sales));
 * }</pre>
 *
 * @param uri the asset's identity
 * @param name a name to show instead of the URI (defaults to the URI)
 */
public record Asset(String uri, String name) {
  /** Longest URI kept, as the {@code asset} table's column. */
  public static final int MAX_URI_LENGTH = 1500;

  public Asset {
    uri = checkUri(uri);
    name = name == null || name.isBlank() ? uri : name;
  }

  /** An asset named by its URI. */
  public static Asset of(String uri) {
    return new Asset(uri, null);
  }

  /** An asset with a name of its own. */
  public static Asset of(String uri, String name) {
    return new Asset(uri, name);
  }

  /**
   * The URI when it names an asset: a scheme, no user or password in it, no whitespace or control
   * characters, at most {@link #MAX_URI_LENGTH} characters.
   *
   * @throws IllegalArgumentException naming the URI (without its user info) and what is expected
   */
  public static String checkUri(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException(
          "An asset needs a URI such as 's3://bucket/sales.parquet', got none");
    }
    if (uri.length() > MAX_URI_LENGTH) {
      throw new IllegalArgumentException(
          "An asset URI is at most " + MAX_URI_LENGTH + " characters, got " + uri.length());
    }
    if (uri.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException(
          "The asset URI '" + uri.strip() + "' has whitespace or control characters; remove them");
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "The asset URI is not a valid URI ("
              + e.getReason()
              + "); expected a form such as 's3://bucket/sales.parquet'");
    }
    if (parsed.getRawUserInfo() != null) {
      // Never echo it: the user info may hold a password.
      throw new IllegalArgumentException(
          "An asset URI must not hold credentials (user or password before '@'); name the data"
              + " only, e.g. 's3://bucket/sales.parquet'");
    }
    if (parsed.getScheme() == null) {
      throw new IllegalArgumentException(
          "The asset URI '"
              + uri
              + "' has no scheme; expected a form such as 's3://bucket/sales.parquet'");
    }
    if (parsed.getScheme().toLowerCase(Locale.ROOT).equals("airflow")) {
      throw new IllegalArgumentException(
          "The asset URI scheme 'airflow' is reserved, as in Airflow; use another scheme");
    }
    return uri;
  }
}
