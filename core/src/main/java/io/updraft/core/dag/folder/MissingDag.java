package io.updraft.core.dag.folder;

import io.updraft.core.dag.DagNotLoadedException;
import io.updraft.core.dag.LoadedDag;
import java.nio.file.Path;

/** Why a DAG a run needs is not in this process, in words that say what to do. */
final class MissingDag {
  private MissingDag() {}

  /** The DAG is loaded from no jar of the folder, nor from the class path. */
  static DagNotLoadedException notLoaded(String dagId, Path folder) {
    return new DagNotLoadedException(
        "DAG '"
            + dagId
            + "' is not loaded in this process: it is neither on its class path nor"
            + " in a valid jar of the DAGs folder "
            + folder);
  }

  /** The jar version the run was made from is gone; {@code now} is what is loaded (or null). */
  static DagNotLoadedException versionGone(
      String dagId, String codeVersion, Path folder, LoadedDag now) {
    return new DagNotLoadedException(
        "DAG '"
            + dagId
            + "': its run was created from version "
            + DagFolder.shortVersion(codeVersion)
            + " of a DAG jar, which this process does not have (the DAGs folder "
            + folder
            + " now holds "
            + describe(dagId, now)
            + "). The jar was replaced or removed before this process loaded that version, or"
            + " the version was unloaded after its runs had finished. A run keeps the code it"
            + " started with, so this task cannot run here: trigger a new run to use the"
            + " current version.");
  }

  /** The version the run was made from is loaded, but has no such DAG. */
  static DagNotLoadedException notInVersion(String dagId, String codeVersion, String jarFile) {
    return new DagNotLoadedException(
        "DAG '"
            + dagId
            + "' is not in version "
            + DagFolder.shortVersion(codeVersion)
            + " of "
            + jarFile
            + ", which its run was created from");
  }

  private static String describe(String dagId, LoadedDag now) {
    if (now == null) {
      return "no DAG '" + dagId + "'";
    }
    return now.codeVersion() == null
        ? "DAG '" + dagId + "' on the class path"
        : "version " + DagFolder.shortVersion(now.codeVersion()) + " in " + now.origin();
  }
}
