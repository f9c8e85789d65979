package io.updraft.cli;

import io.updraft.core.dag.DagProvider;
import io.updraft.hooks.http.HttpHook;
import io.updraft.worker.DagTestRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * This build's own Updraft artifacts, laid out as a local Maven repository, for a DAG project's
 * build to read before the shared one ({@code maven.repo.local.tail}). The tests run before {@code
 * install}, and must never write into the user's repository: the snapshots there may be stale or
 * missing. Each module's pom comes from the source tree, its jar from the class path this test runs
 * with (the reactor's jar after {@code package}, else its classes, jarred here).
 */
final class ReactorRepository {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private record Module(String artifactId, String folder, Class<?> anyClass) {}

  private static final List<Module> MODULES =
      List.of(
          new Module("updraft-core", "core", DagProvider.class),
          new Module("updraft-hooks", "hooks", HttpHook.class),
          new Module("updraft-worker", "worker", DagTestRunner.class));

  private ReactorRepository() {}

  /** Writes the parent pom, the BOM and the modules a DAG project uses into {@code repo}. */
  static Path install(Path repo) throws IOException {
    String version = DagProjectFiles.buildVersions().get("updraft.version");
    Files.copy(ROOT.resolve("pom.xml"), file(repo, "updraft-parent", version, "pom"));
    Files.copy(ROOT.resolve("bom/pom.xml"), file(repo, "updraft-bom", version, "pom"));
    for (Module module : MODULES) {
      Files.copy(
          ROOT.resolve(module.folder()).resolve("pom.xml"),
          file(repo, module.artifactId(), version, "pom"));
      Path classes = codeSource(module.anyClass());
      Path jar = file(repo, module.artifactId(), version, "jar");
      if (Files.isDirectory(classes)) {
        jarOf(classes, jar);
      } else {
        Files.copy(classes, jar);
      }
    }
    return repo;
  }

  private static Path file(Path repo, String artifactId, String version, String extension)
      throws IOException {
    Path dir = repo.resolve("io/updraft").resolve(artifactId).resolve(version);
    Files.createDirectories(dir);
    return dir.resolve(artifactId + "-" + version + "." + extension);
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void jarOf(Path classes, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(classes)) {
      for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
  }
}
