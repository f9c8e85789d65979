package io.updraft.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Maven run offline on a project, as the Maven that runs this build (else this repository's
 * wrapper), reading a repository of this build's artifacts first and the build's own local
 * repository after it, never writing into the latter. Its output goes to {@code
 * target/child-NAME.log}.
 */
final class OfflineMaven {
  private final Path repository;

  /**
   * @param repository where this build's Updraft artifacts are, and where new files go
   */
  OfflineMaven(Path repository) {
    this.repository = repository;
  }

  /** Runs {@code goals} on {@code project}'s pom and returns Maven's exit code. */
  int run(String logName, Path project, String... goals) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(executable());
    command.addAll(
        List.of(
            "-B",
            "-o",
            "-f",
            project.resolve("pom.xml").toString(),
            "-Dmaven.repo.local=" + repository,
            "-Dmaven.repo.local.tail=" + sharedRepository()));
    command.addAll(List.of(goals));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("MAVEN_ARGS");
    builder.redirectOutput(StandaloneJvm.log(logName));
    Process maven = builder.start();
    if (!maven.waitFor(5, TimeUnit.MINUTES)) {
      ChildProcesses.kill9(maven);
      throw new AssertionError("Maven took over 5 minutes; see " + StandaloneJvm.log(logName));
    }
    return maven.exitValue();
  }

  /** The Maven running this build (surefire passes its home), else the wrapper. */
  private static String executable() {
    String home = System.getProperty("updraft.test.maven.home", "");
    Path mvn = Path.of(home, "bin", "mvn");
    if (!home.isBlank() && Files.isExecutable(mvn)) {
      return mvn.toString();
    }
    return ReactorRepository.ROOT.resolve("mvnw").toString();
  }

  private static String sharedRepository() {
    String configured = System.getProperty("updraft.test.maven.repo.local", "");
    if (!configured.isBlank()) {
      return configured;
    }
    return Path.of(System.getProperty("user.home"), ".m2", "repository").toString();
  }
}
