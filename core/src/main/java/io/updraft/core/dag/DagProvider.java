package io.updraft.core.dag;

import java.util.List;

/**
 * Where DAGs come from. Write a class that implements this interface, list it in {@code
 * META-INF/services/io.updraft.core.dag.DagProvider}, and the scheduler and the workers find it.
 */
public interface DagProvider {
  List<Dag> dags();
}
