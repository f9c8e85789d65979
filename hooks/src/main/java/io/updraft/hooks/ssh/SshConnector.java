package io.updraft.hooks.ssh;

import io.updraft.core.secrets.CredentialsRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The client shared by the SSH and SFTP hooks of one connection fingerprint: a started MINA SSHD
 * client that checks host keys as the connection says, and the connection's identities, decoded
 * once. It opens signed-in sessions; each hook keeps its own session for its lifetime.
 */
final class SshConnector implements AutoCloseable {
  private final SshSettings settings;
  private final SshClient client;
  private final List<KeyPair> keys;

  SshConnector(SshSettings settings) {
    this.settings = settings;
    this.keys = decodeKeys(settings);
    this.client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(new KnownHostsVerifier(settings));
    client.start();
  }

  SshSettings settings() {
    return settings;
  }

  /**
   * A session signed in with the connection's password and key.
   *
   * @throws CredentialsRejectedException when the server refused every identity given
   * @throws IOException when the server cannot be reached or its host key is refused
   */
  ClientSession signIn() throws IOException {
    ClientSession session =
        client
            .connect(settings.username(), settings.host(), settings.port())
            .verify(settings.connectTimeout())
            .getSession();
    try {
      if (settings.password() != null) {
        session.addPasswordIdentity(settings.password());
      }
      keys.forEach(session::addPublicKeyIdentity);
      session.auth().verify(settings.connectTimeout());
      return session;
    } catch (IOException | RuntimeException e) {
      String refusal = session.getAttribute(KnownHostsVerifier.REFUSAL);
      session.close(true);
      if (refusal != null) {
        throw new IOException(
            "Connection '"
                + settings.connId()
                + "': the host key of "
                + settings.host()
                + " "
                + refusal
                + ". If the key is right, add the host's line (ssh-keyscan -p "
                + settings.port()
                + " "
                + settings.host()
                + ") to the extra known_hosts; host_key_policy accept-new or no-check turn the"
                + " check down");
      }
      if (String.valueOf(e.getMessage()).contains("No more authentication methods")) {
        throw new CredentialsRejectedException(
            "The SSH server "
                + settings.host()
                + " rejected the credentials of connection '"
                + settings.connId()
                + "' for user "
                + settings.username(),
            e);
      }
      throw e;
    }
  }

  private static List<KeyPair> decodeKeys(SshSettings settings) {
    if (settings.privateKey() == null) {
      return List.of();
    }
    List<KeyPair> found = new ArrayList<>();
    try {
      Iterable<KeyPair> pairs =
          SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName("private key of connection '" + settings.connId() + "'"),
              new ByteArrayInputStream(settings.privateKey().getBytes(StandardCharsets.UTF_8)),
              settings.passphrase() == null
                  ? FilePasswordProvider.EMPTY
                  : FilePasswordProvider.of(settings.passphrase()));
      if (pairs != null) {
        pairs.forEach(found::add);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // The decoder's message may quote the key; say only what to check.
      throw new IllegalArgumentException(
          "Connection '"
              + settings.connId()
              + "': its private key cannot be read ("
              + e.getClass().getSimpleName()
              + "). Give an OpenSSH or PEM private key, and its private_key_passphrase if it is"
              + " encrypted");
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException(
          "Connection '" + settings.connId() + "': its private key holds no key");
    }
    return List.copyOf(found);
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
