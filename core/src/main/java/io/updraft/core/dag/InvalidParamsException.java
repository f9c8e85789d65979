package io.updraft.core.dag;

import io.updraft.core.input.InvalidInputException;
import java.util.Map;

/**
 * A run's conf that breaks the DAG's declared params. Beside the one message every caller shows, it
 * keeps each problem by the param's name, so a form can put it next to that param's field.
 */
public final class InvalidParamsException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, String> problems;

  InvalidParamsException(String dagId, Map<String, String> problems) {
    super("Invalid conf for DAG '" + dagId + "': " + String.join("; ", problems.values()));
    this.problems = Map.copyOf(problems);
  }

  /** What is wrong with each param, by its name. */
  public Map<String, String> problems() {
    return problems;
  }
}
