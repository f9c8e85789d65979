package io.updraft.hooks.ssh;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a server's host key against the known hosts a connection carries (text in OpenSSH's {@code
 * known_hosts} format, hashed names included), under the connection's {@link HostKeyPolicy}. The
 * host name checked is the connection's, not the address it resolved to.
 */
final class KnownHostsVerifier implements ServerKeyVerifier {
  /** Why a session's host key was refused, for an error the user can act on. */
  static final AttributeKey<String> REFUSAL = new AttributeKey<>();

  private static final Logger LOG = LoggerFactory.getLogger(KnownHostsVerifier.class);

  private final SshSettings settings;
  private final List<KnownHostEntry> entries;

  KnownHostsVerifier(SshSettings settings) {
    this.settings = settings;
    this.entries = parse(settings);
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    String fingerprint = KeyUtils.getFingerPrint(key);
    if (settings.policy() == HostKeyPolicy.NO_CHECK) {
      LOG.warn(
          "Connection '{}': host key of {} ({}) NOT checked (host_key_policy no-check)",
          settings.connId(),
          settings.host(),
          fingerprint);
      return true;
    }
    List<PublicKey> listed = listedKeys(session);
    if (listed.stream().anyMatch(k -> KeyUtils.compareKeys(k, key))) {
      return true;
    }
    if (listed.isEmpty() && settings.policy() == HostKeyPolicy.ACCEPT_NEW) {
      LOG.warn(
          "Connection '{}': {} is not in its known hosts; accepting its key {} (host_key_policy"
              + " accept-new). Add it to the extra known_hosts to check it from now on",
          settings.connId(),
          settings.host(),
          fingerprint);
      return true;
    }
    String why =
        (listed.isEmpty() ? "is not in its known hosts" : "does not match its known hosts entry")
            + " (the server offered "
            + KeyUtils.getKeyType(key)
            + " "
            + fingerprint
            + ")";
    session.setAttribute(REFUSAL, why);
    return false;
  }

  private List<PublicKey> listedKeys(ClientSession session) {
    List<PublicKey> keys = new ArrayList<>();
    for (KnownHostEntry entry : entries) {
      if (entry.isHostMatch(settings.host(), settings.port()) && entry.getMarker() == null) {
        try {
          keys.add(entry.getKeyEntry().resolvePublicKey(session, PublicKeyEntryResolver.IGNORING));
        } catch (IOException | GeneralSecurityException e) {
          LOG.warn(
              "Connection '{}': a known hosts line has a bad key: {}",
              settings.connId(),
              e.toString());
        }
      }
    }
    keys.removeIf(java.util.Objects::isNull);
    return keys;
  }

  private static List<KnownHostEntry> parse(SshSettings settings) {
    if (settings.knownHosts() == null) {
      return List.of();
    }
    try {
      return KnownHostEntry.readKnownHostEntries(new StringReader(settings.knownHosts()), true);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "Connection '"
              + settings.connId()
              + "': the extra known_hosts is not in OpenSSH's known_hosts format ("
              + e.getMessage()
              + ")",
          e instanceof IOException io ? new UncheckedIOException(io) : e);
    }
  }
}
