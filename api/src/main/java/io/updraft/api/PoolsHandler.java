package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.core.run.Pool;
import io.updraft.core.run.PoolStore;
import java.util.List;
import java.util.regex.Pattern;

/** {@code /api/v1/pools}: list, read, create, change and delete pools. */
final class PoolsHandler {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,250}");

  record PoolJson(
      String name,
      int slots,
      String description,
      int occupiedSlots,
      int queuedSlots,
      int openSlots) {
    /** What a body may send: the writable fields and, ignored, those a GET shows besides. */
    static final String[] FIELDS = {
      "name", "slots", "description", "occupied_slots", "queued_slots", "open_slots"
    };

    static PoolJson of(Pool p) {
      return new PoolJson(
          p.name(), p.slots(), p.description(), p.occupied(), p.queued(), p.openSlots());
    }
  }

  record PoolList(List<PoolJson> pools, int totalEntries) {}

  private final PoolStore pools;

  PoolsHandler(PoolStore pools) {
    this.pools = pools;
  }

  void list(Context ctx) {
    int limit = Paging.limit(ctx);
    int offset = Paging.offset(ctx);
    List<PoolJson> all = pools.list().stream().map(PoolJson::of).toList();
    ctx.json(
        new PoolList(
            all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size())),
            all.size()));
  }

  void get(Context ctx) {
    ctx.json(PoolJson.of(pool(ctx.pathParam("pool_name"))));
  }

  void create(Context ctx) {
    JsonNode body = JsonBodies.object(ctx, PoolJson.FIELDS);
    String name = body.path("name").asText("");
    if (!NAME.matcher(name).matches()) {
      throw ApiProblem.badRequest(
          "A pool needs a 'name' of 1 to 250 letters, digits, '_', '.' or '-'; got '"
              + name
              + "'.");
    }
    if (!pools.create(name, slots(body), description(body))) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "Pool '" + name + "' already exists; PATCH /api/v1/pools/" + name + " changes it.");
    }
    ctx.status(HttpStatus.CREATED).json(PoolJson.of(pool(name)));
  }

  void patch(Context ctx) {
    Pool current = pool(ctx.pathParam("pool_name"));
    JsonNode body = JsonBodies.object(ctx, PoolJson.FIELDS);
    int slots = body.has("slots") ? slots(body) : current.slots();
    String description = body.has("description") ? description(body) : current.description();
    pools.update(current.name(), slots, description);
    ctx.json(PoolJson.of(pool(current.name())));
  }

  void delete(Context ctx) {
    String name = ctx.pathParam("pool_name");
    if (PoolStore.DEFAULT_POOL.equals(name)) {
      throw ApiProblem.badRequest(
          "The default pool cannot be deleted; tasks without a pool use it. Change its slots"
              + " instead.");
    }
    if (!pools.delete(pool(name).name())) {
      throw ApiProblem.notFound("Pool '" + name + "' does not exist.");
    }
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private Pool pool(String name) {
    return pools
        .find(name)
        .orElseThrow(
            () ->
                ApiProblem.notFound(
                    "Pool '" + name + "' does not exist. GET /api/v1/pools lists the pools."));
  }

  private static int slots(JsonNode body) {
    JsonNode slots = body.get("slots");
    if (slots == null
        || !slots.canConvertToInt()
        || !slots.isIntegralNumber()
        || slots.asInt() < 0) {
      throw ApiProblem.badRequest(
          "'slots' must be a whole number from 0 (0 stops the pool's tasks); got " + slots + ".");
    }
    return slots.asInt();
  }

  private static String description(JsonNode body) {
    JsonNode d = body.get("description");
    return d == null || d.isNull() ? null : d.asText();
  }
}
