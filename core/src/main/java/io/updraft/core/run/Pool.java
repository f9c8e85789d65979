package io.updraft.core.run;

/**
 * A pool limits how many tasks that name it run at once.
 *
 * @param occupied tasks of the pool running now
 * @param queued tasks of the pool queued now
 */
public record Pool(String name, int slots, String description, int occupied, int queued) {
  public int openSlots() {
    return Math.max(0, slots - occupied - queued);
  }
}
