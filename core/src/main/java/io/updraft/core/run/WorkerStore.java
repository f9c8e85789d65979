package io.updraft.core.run;

import java.util.List;

/** The live workers, as their heartbeats describe them. */
public interface WorkerStore {
  /** Creates or updates the worker's row. */
  void beat(WorkerInfo worker);

  /** Every known worker, by name. */
  List<WorkerInfo> list();

  /** Forgets a worker that stopped cleanly. */
  void remove(String name);
}
