package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.run.DagQuery;
import java.util.List;

/**
 * The DAGs page's filters, from its query parameters: {@code search} (part of a DAG id, any case),
 * {@code tag}, {@code owner} (one of the DAG's owners, any case), {@code status} ({@code all},
 * {@code active} or {@code paused}) and {@code last_run_state} (a run state, or {@code none} for
 * DAGs that never ran).
 */
record DagsFilter(String search, String tag, String owner, String status, String lastRunState) {
  static final List<String> STATUSES = List.of("all", "active", "paused");
  static final List<String> LAST_RUN_STATES =
      List.of("queued", "running", "success", "failed", DagQuery.NEVER_RAN);

  /** The query parameters the pager's links repeat. */
  static final List<String> PARAMETERS =
      List.of("search", "tag", "owner", "status", "last_run_state");

  static DagsFilter of(Context ctx) {
    return new DagsFilter(
        QueryParams.text(ctx, "search"),
        QueryParams.text(ctx, "tag"),
        QueryParams.text(ctx, "owner"),
        oneOf(ctx, "status", STATUSES),
        oneOf(ctx, "last_run_state", LAST_RUN_STATES));
  }

  private static String oneOf(Context ctx, String name, List<String> allowed) {
    String value = QueryParams.text(ctx, name);
    if (value == null || allowed.contains(value)) {
      return value;
    }
    throw ApiProblem.badRequest(
        "Query parameter '"
            + name
            + "' has "
            + io.updraft.core.input.InvalidInputException.quote(value)
            + "; expected one of "
            + String.join(", ", allowed)
            + ". Leave it out for all DAGs.");
  }

  /** The filter as the store applies it: the search in any case, the tag as the only one. */
  DagQuery query() {
    return new DagQuery(
        search,
        true,
        tag == null ? List.of() : List.of(tag),
        owner,
        status == null || status.equals("all") ? null : status.equals("paused"),
        lastRunState);
  }

  /** Whether no filter is set, so that the DAGs that match are all there are. */
  boolean isEmpty() {
    // Not query().equals(DagQuery.all()): the page's search ignores case and all()'s does not, so
    // that was never true, and every page counted all DAGs a second time.
    return search == null
        && tag == null
        && owner == null
        && query().paused() == null
        && lastRunState == null;
  }

  /** The page's query string without {@code status}, to which the count links add theirs. */
  String withoutStatus() {
    StringBuilder query = new StringBuilder();
    append(query, "search", search);
    append(query, "tag", tag);
    append(query, "owner", owner);
    append(query, "last_run_state", lastRunState);
    return query.toString();
  }

  private static void append(StringBuilder query, String name, String value) {
    if (value != null) {
      query.append(name).append('=').append(Links.query(value)).append('&');
    }
  }
}
