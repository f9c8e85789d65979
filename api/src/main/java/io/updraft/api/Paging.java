package io.updraft.api;

import io.javalin.http.Context;

/** The {@code limit} and {@code offset} query parameters of list endpoints, as in Airflow. */
final class Paging {
  static final int DEFAULT_LIMIT = 25;
  static final int MAX_LIMIT = 500;

  private Paging() {}

  static int limit(Context ctx) {
    String text = ctx.queryParam("limit");
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    int value = parse(text);
    if (value < 1 || value > MAX_LIMIT) {
      throw ApiProblem.badRequest(
          "Query parameter 'limit' must be a whole number from 1 to "
              + MAX_LIMIT
              + ", got '"
              + text
              + "'. Leave it out to get "
              + DEFAULT_LIMIT
              + " entries; page with 'offset'.");
    }
    return value;
  }

  static int offset(Context ctx) {
    String text = ctx.queryParam("offset");
    if (text == null) {
      return 0;
    }
    int value = parse(text);
    if (value < 0) {
      throw ApiProblem.badRequest(
          "Query parameter 'offset' must be a whole number from 0, got '"
              + text
              + "'. It counts the entries to skip.");
    }
    return value;
  }

  private static int parse(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
