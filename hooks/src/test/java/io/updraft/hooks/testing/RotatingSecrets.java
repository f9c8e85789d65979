package io.updraft.hooks.testing;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.secrets.LocalFilesystemSecretsBackend;
import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretRead;
import io.updraft.core.secrets.SecretsChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A worker's view of secrets as in production: a secrets chain over a connections file (the {@code
 * file} backend) with a long cache, so a secret rotated in the file stays unseen until something
 * asks the backend again. Counts the chain's reads of the file.
 */
public final class RotatingSecrets {
  private final Path file;
  private final Map<String, String> stored = new TreeMap<>();
  private final List<SecretRead> reads = new CopyOnWriteArrayList<>();
  private final SecretsChain chain;

  public RotatingSecrets(Path dir) {
    this.file = dir.resolve("connections.json");
    this.chain =
        new SecretsChain(
            List.of(new LocalFilesystemSecretsBackend(file, null)),
            Duration.ofHours(1),
            Clock.systemUTC(),
            reads::add,
            new SecretMasker());
  }

  /** Writes {@code connection} into the file, as an operator rotating a secret would. */
  public synchronized void store(Connection connection) {
    stored.put(connection.connId(), connection.toJson());
    String json =
        stored.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\": " + e.getValue())
            .collect(Collectors.joining(",\n", "{\n", "\n}\n"));
    try {
      Files.writeString(file, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lookup a worker gives its hooks. */
  public ConnectionLookup lookup() {
    return ConnectionLookup.secrets(chain, Requester.component("worker test-worker"));
  }

  /** How often the chain read {@code connId} from the file rather than its cache. */
  public long backendReads(String connId) {
    return reads.stream()
        .filter(r -> r.id().equals(connId) && !r.cached() && "file".equals(r.backend()))
        .count();
  }
}
