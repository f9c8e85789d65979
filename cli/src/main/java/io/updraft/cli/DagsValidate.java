package io.updraft.cli;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagLoadError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code updraft dags validate JAR|FOLDER}: loads the DAGs of users' jars the way the scheduler
 * does and reports every problem, for their own CI.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Load the DAGs of jars (or of a folder of jars) and report every problem.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:every DAG is valid", "1:a DAG could not be loaded", "2:bad input"})
final class DagsValidate implements Callable<Integer> {
  @Parameters(paramLabel = "JAR_OR_FOLDER", arity = "1..*", description = "DAG jars or folders.")
  List<Path> paths;

  @Override
  public Integer call() throws IOException {
    List<URL> jars = new ArrayList<>();
    for (Path path : paths) {
      jars.addAll(jarsIn(path));
    }
    if (jars.isEmpty()) {
      throw new UserError(
          "No .jar files found in " + paths + ": expected DAG jars or folders of them.");
    }
    try (URLClassLoader loader =
        new URLClassLoader(jars.toArray(URL[]::new), DagsValidate.class.getClassLoader())) {
      DagBag bag = DagBag.loadOwn(loader);
      for (Dag dag : bag.dags()) {
        System.out.println("OK    " + dag.id() + " (" + dag.tasks().size() + " tasks)");
      }
      for (DagLoadError error : bag.errors()) {
        System.out.println("ERROR " + error);
      }
      System.out.println(bag.dags().size() + " valid DAG(s), " + bag.errors().size() + " error(s)");
      return bag.errors().isEmpty() ? 0 : 1;
    }
  }

  private static List<URL> jarsIn(Path path) {
    if (Files.isRegularFile(path) && path.toString().endsWith(".jar")) {
      return List.of(toUrl(path));
    }
    if (!Files.isDirectory(path)) {
      throw new UserError(path + " is neither a .jar file nor a folder.");
    }
    try (Stream<Path> files = Files.walk(path)) {
      return files
          .filter(p -> p.toString().endsWith(".jar"))
          .sorted()
          .map(DagsValidate::toUrl)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read folder " + path, e);
    }
  }

  private static URL toUrl(Path path) {
    try {
      return path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UserError("Not a usable path: " + path);
    }
  }
}
