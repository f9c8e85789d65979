package io.updraft.core.dag.folder;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagFileError;
import io.updraft.core.dag.DagLoadError;
import io.updraft.core.dag.DagSnapshot;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.LoadedDag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class path's DAGs and those of each jar directly in a folder, scanned again by {@link
 * #runOnce()}. Each version of a jar (its SHA-256) gets a class loader of its own, kept while runs
 * created from it are unfinished, so a run keeps its code when the jar is replaced.
 *
 * <p>A jar is deployed whole or not at all: a version that does not load, or has an invalid DAG, is
 * reported in {@link DagSnapshot#errors()} (and, one text per file, in {@link
 * DagSnapshot#fileErrors()}) and the file's previous version (if any) stays, as do the DAGs of
 * every other jar. A jar still being copied is left alone until its size and time stayed the same
 * for one scan; copying to another name and renaming to {@code *.jar} avoids even that wait.
 */
public final class DagFolder implements DagSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DagFolder.class);
  private static final String CLASS_PATH = "the class path";

  private final DagBag classPath;
  private final Path folder;
  private final Path copies;
  private final ClassLoader parent;
  private final Supplier<Set<String>> versionsInUse;
  private final Clock clock;
  private final Duration keepRetired;

  /** Every version with an open class loader: deployed ones and retired ones runs may still use. */
  private final Map<String, DagJar> byVersion = new ConcurrentHashMap<>();

  private final Map<Path, DagJar> deployed = new HashMap<>();
  private final Map<Path, DagJar> failed = new HashMap<>();
  private final Map<Path, Stamp> processed = new HashMap<>();
  private final Map<Path, Stamp> observed = new HashMap<>();
  private final Map<String, Instant> retiredAt = new HashMap<>();
  private volatile DagSnapshot current;

  /**
   * @param versionsInUse the code versions of unfinished runs: a retired version is unloaded only
   *     when none uses it
   * @param keepRetired how long a replaced version stays loaded at least, whatever the runs say: a
   *     scheduler that has not seen the new jar yet may still create runs of the old one
   */
  public DagFolder(
      DagBag classPath,
      Path folder,
      ClassLoader parent,
      Supplier<Set<String>> versionsInUse,
      Clock clock,
      Duration keepRetired) {
    this.classPath = classPath;
    this.folder = folder;
    this.parent = parent;
    this.versionsInUse = versionsInUse;
    this.clock = clock;
    this.keepRetired = keepRetired;
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "DAGs folder "
              + folder
              + " does not exist or is not a folder; create it or fix dags.folder"
              + " (UPDRAFT_DAGS__FOLDER)");
    }
    try {
      this.copies = Files.createTempDirectory("updraft-dag-jars");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a folder for copies of DAG jars", e);
    }
    scan(true);
  }

  public Path folder() {
    return folder;
  }

  @Override
  public DagSnapshot current() {
    return current;
  }

  @Override
  public boolean readsDagJars() {
    return true;
  }

  /** Scans the folder; returns whether the DAGs changed. */
  public boolean runOnce() {
    return scan(false);
  }

  @Override
  public Dag dag(String dagId, String codeVersion) {
    if (codeVersion == null) {
      return current().get(dagId).orElseThrow(() -> MissingDag.notLoaded(dagId, folder));
    }
    DagJar jar = byVersion.get(codeVersion);
    if (jar == null) {
      // The scheduler may have seen a new jar before this process did.
      scan(true);
      jar = byVersion.get(codeVersion);
    }
    if (jar == null) {
      throw MissingDag.versionGone(dagId, codeVersion, folder, current().byId().get(dagId));
    }
    DagJar found = jar;
    return jar.bag()
        .get(dagId)
        .orElseThrow(() -> MissingDag.notInVersion(dagId, codeVersion, found.file()));
  }

  static String shortVersion(String version) {
    return version.length() > 12 ? version.substring(0, 12) : version;
  }

  private synchronized boolean scan(boolean force) {
    boolean changed = current == null;
    Map<Path, Stamp> files = jarFiles();
    for (Path gone : List.copyOf(processed.keySet())) {
      if (!files.containsKey(gone)) {
        processed.remove(gone);
        failed.remove(gone);
        DagJar removed = deployed.remove(gone);
        if (removed != null) {
          LOG.info(
              "DAG jar {} was removed: its DAGs {} are no longer loaded",
              gone.getFileName(),
              removed.bag().dags().stream().map(Dag::id).toList());
        }
        changed = true;
      }
    }
    observed.keySet().retainAll(files.keySet());
    for (Map.Entry<Path, Stamp> file : files.entrySet()) {
      Stamp stamp = file.getValue();
      if (stamp.equals(processed.get(file.getKey()))) {
        continue;
      }
      Stamp before = observed.put(file.getKey(), stamp);
      if (!force && !stamp.equals(before)) {
        continue; // seen for the first time like this: perhaps still being copied
      }
      try {
        changed |= process(file.getKey());
        processed.put(file.getKey(), stamp);
      } catch (IOException e) {
        LOG.warn("Cannot read DAG jar {} (tried again next scan): {}", file.getKey(), e.toString());
      }
    }
    if (changed) {
      current = snapshot();
    }
    retire();
    return changed;
  }

  /** Loads one changed file; returns whether the DAGs or the errors changed. */
  private boolean process(Path path) throws IOException {
    String file = path.getFileName().toString();
    Path incoming = DagJar.copyOf(path, copies);
    String version;
    try {
      version = DagJar.sha256(incoming);
    } catch (IOException e) {
      Files.deleteIfExists(incoming);
      throw e;
    }
    DagJar now = deployed.get(path);
    DagJar bad = failed.get(path);
    if (now != null && now.version().equals(version)) {
      Files.deleteIfExists(incoming);
      // Touched, not changed; or the deployed version copied back over a failed one.
      return failed.remove(path) != null;
    }
    if (bad != null && bad.version().equals(version)) {
      Files.deleteIfExists(incoming);
      return false;
    }
    DagJar jar = byVersion.get(version);
    if (jar != null) {
      Files.deleteIfExists(incoming); // a version that came back: its loader is still open
    } else {
      Path copy =
          Files.move(
              incoming, copies.resolve(version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
      jar = DagJar.load(file, version, copy, parent);
    }
    if (!jar.errors().isEmpty()) {
      LOG.error(
          "DAG jar {} (version {}) not deployed{}: {}",
          file,
          shortVersion(version),
          now == null ? "" : ", its version " + shortVersion(now.version()) + " stays",
          jar.errors().stream().map(DagLoadError::toString).collect(Collectors.joining("; ")));
      if (!byVersion.containsKey(version)) {
        jar.close();
      }
      failed.put(path, jar);
      return true;
    }
    failed.remove(path);
    byVersion.put(version, jar);
    deployed.put(path, jar);
    LOG.info(
        "Loaded DAG jar {} (version {}): {}",
        file,
        shortVersion(version),
        jar.bag().dags().stream().map(Dag::id).toList());
    return true;
  }

  private DagSnapshot snapshot() {
    Map<String, LoadedDag> byId = new LinkedHashMap<>();
    List<DagLoadError> errors = new ArrayList<>(classPath.errors());
    Map<String, DagFileError> byFile = new LinkedHashMap<>();
    fileError(byFile, CLASS_PATH, null, classPath.errors());
    classPath.dags().forEach(dag -> byId.put(dag.id(), new LoadedDag(dag, null, CLASS_PATH)));
    for (DagJar jar : new TreeMap<>(deployed).values()) {
      for (Dag dag : jar.bag().dags()) {
        LoadedDag first = byId.putIfAbsent(dag.id(), new LoadedDag(dag, jar.version(), jar.file()));
        if (first != null) {
          DagLoadError duplicate =
              new DagLoadError(
                  jar.file(),
                  dag.id(),
                  "the DAG id is also defined by "
                      + first.origin()
                      + ", whose DAG is the one loaded; rename one of them");
          errors.add(duplicate);
          fileError(byFile, jar.file(), jar.version(), List.of(duplicate));
        }
      }
    }
    for (Map.Entry<Path, DagJar> bad : new TreeMap<>(failed).entrySet()) {
      DagJar stays = deployed.get(bad.getKey());
      List<DagLoadError> why = new ArrayList<>();
      why.add(
          new DagLoadError(
              bad.getValue().file(),
              null,
              "version "
                  + shortVersion(bad.getValue().version())
                  + " is not deployed: "
                  + (stays == null
                      ? "none of its DAGs are loaded"
                      : "version " + shortVersion(stays.version()) + " stays loaded")
                  + "; fix the errors that follow and copy the jar again"));
      why.addAll(bad.getValue().errors());
      errors.addAll(why);
      fileError(byFile, bad.getValue().file(), bad.getValue().version(), why);
    }
    return new DagSnapshot(byId, errors, List.copyOf(byFile.values()));
  }

  /**
   * Adds {@code why} to the error of {@code file}: one text per file, as users see it, naming the
   * version that failed when a file has errors from two (a deployed one and a newer one).
   */
  private static void fileError(
      Map<String, DagFileError> byFile, String file, String version, List<DagLoadError> why) {
    if (why.isEmpty()) {
      return;
    }
    byFile.merge(
        file,
        DagFileError.of(file, version, why),
        (before, more) ->
            new DagFileError(file, more.codeVersion(), before.message() + "\n" + more.message()));
  }

  /** Unloads replaced versions once no unfinished run uses them. */
  private void retire() {
    Set<String> live =
        deployed.values().stream().map(DagJar::version).collect(Collectors.toUnmodifiableSet());
    Instant now = clock.instant();
    retiredAt.keySet().removeAll(live);
    byVersion.keySet().stream()
        .filter(v -> !live.contains(v))
        .forEach(v -> retiredAt.putIfAbsent(v, now));
    List<String> due =
        retiredAt.entrySet().stream()
            .filter(e -> !e.getValue().plus(keepRetired).isAfter(now))
            .map(Map.Entry::getKey)
            .toList();
    if (due.isEmpty()) {
      return;
    }
    Set<String> inUse;
    try {
      inUse = versionsInUse.get();
    } catch (RuntimeException e) {
      LOG.warn("Cannot tell which DAG jar versions runs still use: {}", e.toString());
      return;
    }
    for (String version : due) {
      if (!inUse.contains(version)) {
        retiredAt.remove(version);
        DagJar jar = byVersion.remove(version);
        LOG.info(
            "Unloaded version {} of DAG jar {}: no unfinished run uses it",
            shortVersion(version),
            jar.file());
        jar.close();
      }
    }
  }

  private Map<Path, Stamp> jarFiles() {
    Map<Path, Stamp> files = new HashMap<>();
    try (Stream<Path> list = Files.list(folder)) {
      for (Path path : list.toList()) {
        String name = path.getFileName().toString();
        if (!name.endsWith(".jar") || name.startsWith(".") || !Files.isRegularFile(path)) {
          continue;
        }
        try {
          BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
          files.put(path, new Stamp(a.size(), a.lastModifiedTime().toMillis()));
        } catch (IOException e) {
          // Removed between the listing and now.
        }
      }
    } catch (IOException e) {
      // Keep what is loaded: a folder that is briefly unreadable (a remount) must not unload DAGs.
      LOG.warn("Cannot list the DAGs folder {}: {}", folder, e.toString());
      return new HashMap<>(processed);
    }
    return files;
  }

  /** Unloads every version and deletes the copies. */
  @Override
  public synchronized void close() {
    byVersion.values().forEach(DagJar::close);
    byVersion.clear();
    try (Stream<Path> left = Files.list(copies)) {
      for (Path path : left.toList()) {
        Files.deleteIfExists(path);
      }
      Files.deleteIfExists(copies);
    } catch (IOException e) {
      LOG.warn("Cannot delete the copies of DAG jars in {}: {}", copies, e.toString());
    }
  }

  /** What tells a changed file from an unchanged one without reading it. */
  private record Stamp(long size, long modifiedMillis) {}
}
