package io.updraft.core.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What was computed from the last few objects asked about, found by identity. For values derived
 * from large immutable records (a DAG structure of thousands of tasks): their equals and hashCode
 * walk every task, while a process meets the same few instances again and again. Thread-safe; two
 * threads asking at once may both compute, which is harmless for pure functions.
 */
public final class RecentByIdentity<K, V> {
  private final int capacity;
  private volatile List<Entry<K, V>> recent = List.of();

  public RecentByIdentity(int capacity) {
    this.capacity = capacity;
  }

  public V get(K key, Function<K, V> compute) {
    List<Entry<K, V>> seen = recent;
    for (Entry<K, V> e : seen) {
      if (e.key() == key) {
        return e.value();
      }
    }
    V value = compute.apply(key);
    List<Entry<K, V>> next = new ArrayList<>(capacity);
    next.add(new Entry<>(key, value));
    next.addAll(seen.subList(0, Math.min(seen.size(), capacity - 1)));
    recent = List.copyOf(next);
    return value;
  }

  private record Entry<K, V>(K key, V value) {}
}
