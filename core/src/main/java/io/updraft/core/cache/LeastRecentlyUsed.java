package io.updraft.core.cache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps that keep only the entries used most recently, for caches that must not grow unbounded. */
public final class LeastRecentlyUsed {
  private LeastRecentlyUsed() {}

  /** A synchronized map of at most {@code capacity} entries; the least recently used goes first. */
  public static <K, V> Map<K, V> map(int capacity) {
    return Collections.synchronizedMap(new Bounded<>(capacity));
  }

  private static final class Bounded<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    Bounded(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > capacity;
    }
  }
}
