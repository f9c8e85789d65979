package io.updraft.core.dag.folder;

import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagLoadError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.UUID;
import java.util.jar.JarFile;

/**
 * One version of one DAG jar: a private copy of its bytes, named by their SHA-256 (the version),
 * and a class loader over that copy. The copy is what keeps a version's code alive when the jar in
 * the folder is overwritten in place: a class loader reads its jar lazily, long after it opened it.
 */
final class DagJar implements AutoCloseable {
  private final String file;
  private final String version;
  private final URLClassLoader loader;
  private final Path copy;
  private final DagBag bag;
  private final List<DagLoadError> errors;

  private DagJar(
      String file,
      String version,
      URLClassLoader loader,
      Path copy,
      DagBag bag,
      List<DagLoadError> errors) {
    this.file = file;
    this.version = version;
    this.loader = loader;
    this.copy = copy;
    this.bag = bag;
    this.errors = errors;
  }

  /** Copies {@code jar} into {@code copies}, under a temporary name. */
  static Path copyOf(Path jar, Path copies) throws IOException {
    Path tmp = copies.resolve("incoming-" + UUID.randomUUID() + ".tmp");
    Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
    return tmp;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Loads the DAGs of a copied jar ({@link #copyOf}) whose content hash is {@code version}. Never
   * throws for a bad jar: what went wrong is in {@link #errors()}, naming the file.
   */
  static DagJar load(String file, String version, Path copy, ClassLoader parent) {
    try (JarFile check = new JarFile(copy.toFile())) {
      // Opened once here so that a truncated or corrupt jar is reported as such, rather than as a
      // jar without DAGs.
      check.size();
    } catch (IOException e) {
      return failed(file, version, copy, "not a readable jar (" + e.getMessage() + ")");
    }
    URLClassLoader loader;
    try {
      loader = new URLClassLoader("dags:" + file, new URL[] {copy.toUri().toURL()}, parent);
    } catch (IOException e) {
      return failed(file, version, copy, "cannot open: " + e);
    }
    DagBag bag;
    try {
      bag = DagBag.loadOwn(loader);
    } catch (ServiceConfigurationError e) {
      closeQuietly(loader);
      return failed(file, version, copy, "its DagProvider list cannot be read: " + e.getMessage());
    }
    List<DagLoadError> errors =
        bag.errors().stream()
            .map(e -> new DagLoadError(file + ": " + e.source(), e.dagId(), e.message()))
            .toList();
    if (errors.isEmpty() && bag.dags().isEmpty()) {
      errors =
          List.of(
              new DagLoadError(
                  file,
                  null,
                  "no DAGs: the jar lists no DagProvider in"
                      + " META-INF/services/io.updraft.core.dag.DagProvider, or its providers"
                      + " return none"));
    }
    return new DagJar(file, version, loader, copy, bag, errors);
  }

  private static DagJar failed(String file, String version, Path copy, String message) {
    return new DagJar(
        file, version, null, copy, DagBag.of(), List.of(new DagLoadError(file, null, message)));
  }

  String file() {
    return file;
  }

  String version() {
    return version;
  }

  DagBag bag() {
    return bag;
  }

  /** Why this version cannot be deployed; empty when every DAG of the jar loaded. */
  List<DagLoadError> errors() {
    return errors;
  }

  /** Closes the class loader and deletes the copy: no run needs this version any more. */
  @Override
  public void close() {
    if (loader != null) {
      closeQuietly(loader);
    }
    try {
      Files.deleteIfExists(copy);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + copy, e);
    }
  }

  private static void closeQuietly(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      // Only the open jar file is lost; the process goes on.
    }
  }
}
