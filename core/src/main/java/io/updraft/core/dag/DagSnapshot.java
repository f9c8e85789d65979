package io.updraft.core.dag;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every DAG a process has loaded at one moment, by id, and what failed to load.
 *
 * @param errors each problem on its own, as the log shows them
 * @param fileErrors the same problems gathered by file, at most one per file, as users see them
 */
public record DagSnapshot(
    Map<String, LoadedDag> byId, List<DagLoadError> errors, List<DagFileError> fileErrors) {
  public DagSnapshot {
    byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    errors = List.copyOf(errors);
    fileErrors = List.copyOf(fileErrors);
  }

  static DagSnapshot of(DagBag bag, String codeVersion, String origin) {
    Map<String, LoadedDag> byId = new LinkedHashMap<>();
    bag.dags().forEach(dag -> byId.put(dag.id(), new LoadedDag(dag, codeVersion, origin)));
    List<DagFileError> fileErrors =
        bag.errors().isEmpty()
            ? List.of()
            : List.of(DagFileError.of(origin, codeVersion, bag.errors()));
    return new DagSnapshot(byId, bag.errors(), fileErrors);
  }

  public Optional<Dag> get(String dagId) {
    return Optional.ofNullable(byId.get(dagId)).map(LoadedDag::dag);
  }

  public Collection<LoadedDag> loaded() {
    return byId.values();
  }

  public List<Dag> dags() {
    return byId.values().stream().map(LoadedDag::dag).toList();
  }
}
