package io.updraft.core.dag;

import java.util.List;

/** A DAG that cannot be built, with every problem found in it. */
public final class DagValidationException extends IllegalArgumentException {
  private final String dagId;
  private final List<String> problems;

  public DagValidationException(String dagId, List<String> problems) {
    super("DAG '" + dagId + "' is invalid: " + String.join("; ", problems));
    this.dagId = dagId;
    this.problems = List.copyOf(problems);
  }

  public String dagId() {
    return dagId;
  }

  public List<String> problems() {
    return problems;
  }
}
