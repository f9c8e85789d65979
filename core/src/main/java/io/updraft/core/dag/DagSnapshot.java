package io.updraft.core.dag;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every DAG a process has loaded at one moment, by id, and what failed to load. */
public record DagSnapshot(Map<String, LoadedDag> byId, List<DagLoadError> errors) {
  public DagSnapshot {
    byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    errors = List.copyOf(errors);
  }

  static DagSnapshot of(DagBag bag, String codeVersion, String origin) {
    Map<String, LoadedDag> byId = new LinkedHashMap<>();
    bag.dags().forEach(dag -> byId.put(dag.id(), new LoadedDag(dag, codeVersion, origin)));
    return new DagSnapshot(byId, bag.errors());
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
