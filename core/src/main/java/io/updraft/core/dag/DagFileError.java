package io.updraft.core.dag;

import io.updraft.core.secrets.SecretMasker;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Why the DAGs of one file did not all load, in one text a user can act on: a jar of the DAGs
 * folder (one that does not load, or has a DAG whose id another jar took) or the class path.
 *
 * @param file a jar's file name, or "the class path"
 * @param codeVersion the SHA-256 of the jar version that failed; null for the class path
 * @param message every problem of the file, one per line, each starting with the file's name and
 *     naming what is wrong and what to do
 */
public record DagFileError(String file, String codeVersion, String message) {
  public static DagFileError of(String file, String codeVersion, List<DagLoadError> problems) {
    return new DagFileError(
        file,
        codeVersion,
        problems.stream()
            .map(DagLoadError::toString)
            .map(line -> line.startsWith(file) ? line : file + ": " + line)
            // A DAG provider's exception text is shown to every viewer: any secret this process
            // fetched is masked in it, as in the process log.
            .map(SecretMasker::maskEverywhere)
            .collect(Collectors.joining("\n")));
  }
}
