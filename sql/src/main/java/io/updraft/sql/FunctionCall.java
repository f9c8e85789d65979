package io.updraft.sql;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A call of one of the database functions in named notation ({@code p_run => ?::bigint}), so the
 * SQL says which parameter each value is for; {@code FunctionSignaturesTest} checks each call's
 * names and types against the functions the migrations create. Values are bound in the order of the
 * parameters.
 *
 * @param function the function's name
 * @param parameters each parameter as {@code "name type"}, in the function's order
 */
record FunctionCall(String function, List<String> parameters) {
  static FunctionCall of(String function, String... parameters) {
    return new FunctionCall(function, List.of(parameters));
  }

  /** {@code function(p_a => ?::type_a, ...)}, to put in a statement. */
  String call() {
    return parameters.stream()
        .map(p -> p.split(" ", 2))
        .map(p -> p[0] + " => ?::" + p[1])
        .collect(Collectors.joining(", ", function + "(", ")"));
  }

  List<String> names() {
    return parameters.stream().map(p -> p.split(" ", 2)[0]).toList();
  }

  List<String> types() {
    return parameters.stream().map(p -> p.split(" ", 2)[1]).toList();
  }

  /** Every call the store makes, for the signature test. */
  static List<FunctionCall> all() {
    return Arrays.asList(
        PostgresHandOver.HAND_OVER,
        PostgresHandOver.START_RUNS,
        PostgresRunCreation.CREATE_AND_START,
        PostgresRunCreation.ADD_MISSING,
        TaskStateFunctions.CHANGE_TASKS,
        TaskStateFunctions.LOCK_ADMISSION_CALL,
        TaskStateFunctions.ADMIT_CALL);
  }
}
