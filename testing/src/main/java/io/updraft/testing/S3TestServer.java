package io.updraft.testing;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * A real S3 API server in the test JVM (S3Proxy over an in-memory store), started once and shared.
 * It checks AWS v4 signatures, so clients must sign with {@link #ACCESS_KEY} and {@link
 * #SECRET_KEY}. Modules that use it add {@code org.gaul:s3proxy} in test scope.
 */
public final class S3TestServer {
  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key";

  private static S3Proxy proxy;

  private S3TestServer() {}

  /** The server's endpoint, e.g. {@code http://127.0.0.1:40123}; starts it on first use. */
  public static synchronized URI endpoint() {
    if (proxy == null) {
      try {
        S3Proxy started =
            S3Proxy.builder()
                .blobStore(BlobStores.create("transient-nio2", new Properties()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        started.start();
        proxy = started;
        Runtime.getRuntime().addShutdownHook(new Thread(S3TestServer::stop, "stop-s3proxy"));
      } catch (Exception e) {
        throw new IllegalStateException("S3Proxy did not start", e);
      }
    }
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /**
   * The server as an aws connection, path-style, in Airflow's JSON form: read it with {@code
   * Connection.fromJson}; this module does not depend on core, where connections live.
   */
  public static String connectionJson() {
    return """
        {"conn_type": "aws", "login": "%s", "password": "%s", "extra": {"endpoint_url": "%s",\
         "region_name": "us-east-1", "force_path_style": "true"}}"""
        .formatted(ACCESS_KEY, SECRET_KEY, endpoint());
  }

  private static synchronized void stop() {
    try {
      proxy.stop();
    } catch (Exception e) {
      // The JVM is exiting; nothing to do.
    }
  }
}
