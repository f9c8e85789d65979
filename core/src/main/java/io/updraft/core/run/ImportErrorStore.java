package io.updraft.core.run;

import io.updraft.core.dag.DagFileError;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The DAG files that did not load, kept where users look (the CLI, the API, the DAGs page) rather
 * than only in the scheduler's log. One error per file: the scheduler replaces them all each time
 * its DAGs change.
 */
public interface ImportErrorStore {
  /**
   * Makes the stored errors those of {@code current}: a file's new error is recorded, a changed one
   * replaced (its timestamp becomes {@code now}), an unchanged one kept as it was, and the error of
   * every file not in {@code current} deleted: it loaded since, or left the DAGs folder.
   */
  void replaceAll(List<DagFileError> current, Instant now);

  /** Every error, by file name. */
  List<ImportError> list();

  Optional<ImportError> find(long id);

  /** Keeps nothing: for schedulers of DAGs given in code, which never load a DAG file. */
  static ImportErrorStore none() {
    return new ImportErrorStore() {
      @Override
      public void replaceAll(List<DagFileError> current, Instant now) {}

      @Override
      public List<ImportError> list() {
        return List.of();
      }

      @Override
      public Optional<ImportError> find(long id) {
        return Optional.empty();
      }
    };
  }
}
