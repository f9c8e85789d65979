package io.updraft.cli;

import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names of a DAG project that {@code updraft init} writes. Each is checked here, before it is
 * pasted into a pom, a Java source or a README: what passes these patterns cannot break out of the
 * place it is written to (an XML tag, a string literal, a package line).
 *
 * @param name the Maven artifactId and the jar's name
 * @param packageName the Java package of the example DAG
 */
record DagProject(String name, String groupId, String packageName) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final int MAX_NAME = 64;
  private static final Pattern GROUP_ID = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*");
  private static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
  private static final Set<String> JAVA_KEYWORDS =
      Set.of(
          ("abstract assert boolean break byte case catch char class const continue default do"
                  + " double else enum extends false final finally float for goto if implements"
                  + " import instanceof int interface long native new null package private"
                  + " protected public return short static strictfp super switch synchronized this"
                  + " throw throws transient true try void volatile while")
              .split(" "));

  /**
   * The project for {@code dir}: its name defaults to the directory's, its package to the group id
   * and the name, without dashes.
   */
  static DagProject of(Path dir, String name, String groupId, String packageName) {
    String projectName = name != null ? name : String.valueOf(dir.getFileName());
    if (!NAME.matcher(projectName).matches() || projectName.length() > MAX_NAME) {
      throw new UserError(
          "'"
              + projectName
              + "' is not a valid project name: use lower-case letters, digits and single dashes,"
              + " starting with a letter, at most "
              + MAX_NAME
              + " characters (e.g. my-dags)"
              + (name == null ? "; name the project with --name" : ""));
    }
    if (!GROUP_ID.matcher(groupId).matches()) {
      throw new UserError(
          "'"
              + groupId
              + "' is not a valid group id: use lower-case words of letters, digits, dashes and"
              + " underscores, separated by dots (e.g. com.example)");
    }
    String pkg = packageName != null ? packageName : (groupId + "." + projectName).replace("-", "");
    if (!isPackage(pkg)) {
      throw new UserError(
          "'"
              + pkg
              + "' is not a valid Java package: use lower-case words of letters, digits and"
              + " underscores, separated by dots, none a Java keyword (e.g. com.example.dags)"
              + (packageName == null ? "; name the package with --package" : ""));
    }
    return new DagProject(projectName, groupId, pkg);
  }

  private static boolean isPackage(String name) {
    if (!PACKAGE.matcher(name).matches()) {
      return false;
    }
    for (String part : name.split("\\.")) {
      if (JAVA_KEYWORDS.contains(part)) {
        return false;
      }
    }
    return true;
  }

  /** The example DAG's id: the name with underscores, so that it reads like the ids beside it. */
  String dagId() {
    return name.replace('-', '_') + "_hello";
  }

  /** The package as a relative directory, such as {@code com/example/dags}. */
  String packagePath() {
    return packageName.replace('.', '/');
  }
}
