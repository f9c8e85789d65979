package io.updraft.core.run;

import java.util.List;
import java.util.Optional;

/** The {@code pool} table, with how many tasks use each pool now. */
public interface PoolStore {
  String DEFAULT_POOL = "default_pool";

  List<Pool> list();

  Optional<Pool> find(String name);

  /** Creates a pool; returns false when one has that name. */
  boolean create(String name, int slots, String description);

  /** Changes a pool; returns false when none has that name. */
  boolean update(String name, int slots, String description);

  /** Deletes a pool; returns false when none has that name. */
  boolean delete(String name);
}
