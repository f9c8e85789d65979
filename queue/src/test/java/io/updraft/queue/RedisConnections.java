package io.updraft.queue;

import io.updraft.testing.RedisExtension;
import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ClientKillParams;

/** Reads CLIENT LIST, to see or cut the connections of one named client in a shared Redis. */
final class RedisConnections {
  private RedisConnections() {}

  /** The CLIENT LIST lines of connections named {@code name}. */
  static List<String> named(String name) {
    try (Jedis jedis = new Jedis(URI.create(RedisExtension.url()))) {
      return Stream.of(jedis.clientList().split("\n"))
          .filter(line -> (" " + line.strip() + " ").contains(" name=" + name + " "))
          .toList();
    }
  }

  static boolean anyBlocked(String name) {
    return named(name).stream().anyMatch(line -> field(line, "flags").contains("b"));
  }

  static boolean anySubscribed(String name) {
    return named(name).stream().anyMatch(line -> !field(line, "sub").equals("0"));
  }

  /** Closes, server side, every connection of {@code name} that is subscribed to a channel. */
  static int killSubscribers(String name) {
    List<String> subscribers =
        named(name).stream().filter(line -> !field(line, "sub").equals("0")).toList();
    try (Jedis jedis = new Jedis(URI.create(RedisExtension.url()))) {
      for (String line : subscribers) {
        jedis.clientKill(ClientKillParams.clientKillParams().id(field(line, "id")));
      }
    }
    return subscribers.size();
  }

  private static String field(String line, String key) {
    for (String pair : line.strip().split(" ")) {
      if (pair.startsWith(key + "=")) {
        return pair.substring(key.length() + 1);
      }
    }
    return "";
  }
}
