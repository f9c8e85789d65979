package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.input.InvalidInputException;
import io.updraft.core.run.RunQuery;
import io.updraft.core.run.RunType;
import io.updraft.core.state.RunState;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The filters of the runs list across DAGs, shared by {@code GET /api/v1/dags/~/dagRuns} and the
 * runs page: {@code dag_id_pattern}, {@code state}, {@code run_type}, {@code logical_date_gte} and
 * {@code logical_date_lte}.
 */
final class RunQueries {
  static final List<String> PARAMETERS =
      List.of("dag_id_pattern", "state", "run_type", "logical_date_gte", "logical_date_lte");

  private RunQueries() {}

  static RunQuery of(Context ctx) {
    return new RunQuery(
        QueryParams.text(ctx, "dag_id_pattern"),
        values(ctx, "state", RunState.class, RunState::wireName),
        values(ctx, "run_type", RunType.class, RunType::wireName),
        QueryParams.instant(ctx, "logical_date_gte"),
        QueryParams.instant(ctx, "logical_date_lte"));
  }

  /** The values of a repeatable, comma-separated parameter; a 400 naming any unknown one. */
  static <E extends Enum<E>> Set<E> values(
      Context ctx, String name, Class<E> type, Function<E, String> wireName) {
    Set<E> chosen = EnumSet.noneOf(type);
    for (String value : ctx.queryParams(name)) {
      for (String part : value.split(",", 32)) {
        String wanted = part.strip();
        if (wanted.isEmpty()) {
          continue;
        }
        E match =
            Arrays.stream(type.getEnumConstants())
                .filter(e -> wireName.apply(e).equals(wanted))
                .findFirst()
                .orElseThrow(() -> unknown(name, wanted, type, wireName));
        chosen.add(match);
      }
    }
    return chosen;
  }

  private static <E extends Enum<E>> ApiProblem unknown(
      String name, String value, Class<E> type, Function<E, String> wireName) {
    return ApiProblem.badRequest(
        "Query parameter '"
            + name
            + "' has "
            + InvalidInputException.quote(value)
            + "; expected any of "
            + Arrays.stream(type.getEnumConstants()).map(wireName).collect(Collectors.joining(", "))
            + ". Leave it out for all.");
  }
}
