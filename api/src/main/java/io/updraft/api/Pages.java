package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.api.view.Pager;
import java.util.List;

/** Paging of the UI's filtered lists: the same {@code limit} and {@code offset} as the API. */
final class Pages {
  private Pages() {}

  /**
   * The pager of a page of {@code shown} entries out of {@code total}; its links repeat the {@code
   * filters} parameters the request had, so the filters hold while paging.
   */
  static Pager of(
      Context ctx, String path, List<String> filters, int offset, int limit, int shown, int total) {
    return of(ctx, path, filters, offset, limit, shown, total, false);
  }

  /** As above, {@code total} a lower bound when {@code totalIsAtLeast}. */
  static Pager of(
      Context ctx,
      String path,
      List<String> filters,
      int offset,
      int limit,
      int shown,
      int total,
      boolean totalIsAtLeast) {
    StringBuilder query = new StringBuilder();
    for (String name : filters) {
      for (String value : ctx.queryParams(name)) {
        if (!value.isBlank()) {
          query.append(name).append('=').append(Links.query(value)).append('&');
        }
      }
    }
    if (limit != Paging.DEFAULT_LIMIT) {
      query.append("limit=").append(limit).append('&');
    }
    String base = path + "?" + query;
    String newer = offset == 0 ? null : base + "offset=" + Math.max(0, offset - limit);
    String older = offset + shown >= total ? null : base + "offset=" + (offset + limit);
    return new Pager(
        shown == 0 ? 0 : offset + 1, offset + shown, total, totalIsAtLeast, newer, older);
  }
}
