package io.updraft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a DAG project from the templates in {@code io/updraft/cli/init}. A template's
 * {@code @@key@@} is replaced by plain text replacement, no template engine: the values are names
 * {@link DagProject} checked and this build's own versions ({@code build.properties}).
 */
final class DagProjectFiles {
  private static final String TEMPLATES = "init/";
  private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Za-z0-9.-]+)@@");

  /** Copied as they are: the same Maven wrapper Updraft builds with. */
  private static final List<String> WRAPPER =
      List.of("mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties");

  private DagProjectFiles() {}

  /** This build's versions: Updraft's own, and those its DAG projects build with. */
  static Map<String, String> buildVersions() {
    Properties properties = new Properties();
    try (InputStream in = resource("build.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> versions = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> versions.put(k, properties.getProperty(k)));
    return versions;
  }

  /** Writes every file of {@code project} under {@code dir}, which exists and is empty. */
  static void write(Path dir, DagProject project) throws IOException {
    Map<String, String> values = new LinkedHashMap<>(buildVersions());
    values.put("name", project.name());
    values.put("groupId", project.groupId());
    values.put("package", project.packageName());
    values.put("dagId", project.dagId());

    String pkg = project.packagePath();
    Map<String, String> files = new LinkedHashMap<>();
    files.put("pom.xml", "pom.xml.template");
    files.put("README.md", "README.md.template");
    files.put(".gitignore", "gitignore.template");
    files.put("src/main/java/" + pkg + "/HelloDag.java", "HelloDag.java.template");
    files.put(
        "src/main/resources/META-INF/services/io.updraft.core.dag.DagProvider",
        "DagProvider.services.template");
    files.put("src/test/java/" + pkg + "/HelloDagTest.java", "HelloDagTest.java.template");
    files.put("src/test/resources/logback-test.xml", "logback-test.xml.template");
    for (Map.Entry<String, String> file : files.entrySet()) {
      write(dir.resolve(file.getKey()), fill(read(file.getValue()), values));
    }

    for (String file : WRAPPER) {
      Path target = dir.resolve(file);
      Files.createDirectories(target.getParent());
      try (InputStream in = resource("wrapper/" + file)) {
        Files.copy(in, target);
      }
    }
    try {
      Files.setPosixFilePermissions(
          dir.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // No POSIX permissions on this file system (Windows): mvnw.cmd is the one to run there.
    }
  }

  /** {@code template} with each {@code @@key@@} replaced by its value. */
  static String fill(String template, Map<String, String> values) {
    String text = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("@@" + value.getKey() + "@@", value.getValue());
    }
    Matcher left = PLACEHOLDER.matcher(text);
    if (left.find()) {
      throw new IllegalStateException("The init templates use an unknown value: " + left.group());
    }
    return text;
  }

  private static String read(String template) throws IOException {
    try (InputStream in = resource(template)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = DagProjectFiles.class.getResourceAsStream(TEMPLATES + name);
    if (in == null) {
      throw new IllegalStateException("The updraft jar lacks " + TEMPLATES + name);
    }
    return in;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
