package io.updraft.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

/**
 * Builds DAG jars the way a user's build does: compiles a {@code DagProvider} with javac against
 * the test's class path and packs it with its {@code META-INF/services} entry. Each call compiles
 * afresh, so two versions of one class can live in two jars.
 */
public final class DagJarBuilder {
  private final Path work;
  private final AtomicInteger builds = new AtomicInteger();

  /** {@code work} holds sources and classes; the jars go where {@link #build} is told. */
  public DagJarBuilder(Path work) {
    this.work = work;
  }

  /**
   * Bytes of a jar whose provider {@code acme.<className>} returns the DAGs of {@code
   * dagsExpression}, a Java expression of type {@code List<Dag>} that may use the DSL ({@code
   * io.updraft.core.dag.*}) unqualified.
   */
  public byte[] bytes(String className, String dagsExpression) {
    Path dir = work.resolve("build-" + builds.incrementAndGet());
    try {
      Path src = dir.resolve("src/acme/" + className + ".java");
      Files.createDirectories(src.getParent());
      Files.writeString(
          src,
          "package acme;\nimport io.updraft.core.dag.*;\nimport java.util.List;\n"
              + "public final class "
              + className
              + " implements DagProvider {\n"
              + "  public List<Dag> dags() { return "
              + dagsExpression
              + "; }\n}\n");
      Path classes = dir.resolve("classes");
      int compiled =
          ToolProvider.getSystemJavaCompiler()
              .run(
                  null,
                  null,
                  null,
                  "-cp",
                  System.getProperty("java.class.path"),
                  "-d",
                  classes.toString(),
                  src.toString());
      if (compiled != 0) {
        throw new IllegalStateException("javac failed on " + src + "; see the output above");
      }
      Path jar = dir.resolve(className + ".jar");
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
        try (var files = Files.walk(classes)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
            out.write(Files.readAllBytes(file));
          }
        }
        out.putNextEntry(new JarEntry("META-INF/services/io.updraft.core.dag.DagProvider"));
        out.write(("acme." + className + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return Files.readAllBytes(jar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a jar ({@link #bytes}) to {@code target}, overwriting it in place if it exists. */
  public Path build(Path target, String className, String dagsExpression) {
    try {
      return Files.write(target, bytes(className, dagsExpression));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
