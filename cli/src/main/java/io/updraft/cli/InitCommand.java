package io.updraft.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code updraft init DIR}: a Maven project for a user's own DAGs, ready to build and deploy. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Write a Maven project for your own DAGs into DIR: a pom importing updraft-bom, an example"
            + " DAG with its test, the Maven wrapper and a README saying how to build and deploy"
            + " it. DIR must not exist or be empty.")
final class InitCommand implements Runnable {
  @Parameters(index = "0", paramLabel = "DIR", description = "Where to write the project.")
  Path dir;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The artifactId and jar name (default: DIR's name), such as my-dags.")
  String name;

  @Option(
      names = "--group-id",
      paramLabel = "GROUP_ID",
      defaultValue = "com.example",
      description = "The Maven groupId (default: ${DEFAULT-VALUE}).")
  String groupId;

  @Option(
      names = "--package",
      paramLabel = "PACKAGE",
      description = "The example DAG's Java package (default: GROUP_ID.NAME without dashes).")
  String packageName;

  @Override
  public void run() {
    Path target = dir.toAbsolutePath().normalize();
    requireEmpty(target);
    DagProject project = DagProject.of(target, name, groupId, packageName);
    try {
      Files.createDirectories(target);
      DagProjectFiles.write(target, project);
    } catch (IOException e) {
      throw new UserError("Cannot write the project into " + target + ": " + e.getMessage());
    }
    String version = DagProjectFiles.buildVersions().get("updraft.version");
    System.out.println(
        "Wrote the DAG project "
            + project.name()
            + " (DAG "
            + project.dagId()
            + ") into "
            + target
            + "\n\nNext:\n"
            + "  1. Once per Updraft version, from the Updraft checkout: scripts/install-local\n"
            + "     (puts io.updraft:updraft-bom:"
            + version
            + " and Updraft's modules into your local Maven repository)\n"
            + "  2. cd "
            + target
            + " && ./mvnw package\n"
            + "  3. Copy target/"
            + project.name()
            + ".jar into the DAGs folder ("
            + UpdraftHome.path().resolve("dags")
            + " for updraft standalone), then: updraft dags list\n"
            + "See "
            + target.resolve("README.md"));
  }

  private static void requireEmpty(Path target) {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new UserError(target + " is a file: give a new directory's path");
    }
    try (Stream<Path> entries = Files.list(target)) {
      if (entries.findAny().isPresent()) {
        throw new UserError(
            target
                + " exists and is not empty: give a new directory's path (updraft init creates"
                + " it), or empty this one");
      }
    } catch (IOException e) {
      throw new UserError("Cannot read " + target + ": " + e.getMessage());
    }
  }
}
