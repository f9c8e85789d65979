package io.updraft.worker;

import io.updraft.core.run.TaskLogShipper;
import io.updraft.core.state.TaskState;

/**
 * What follows a recorded outcome, off the recording thread: the try's callback, then the shipping
 * of its log (logs.remote).
 */
final class AfterRecording {
  private volatile TaskLogShipper shipper;

  /** Ships each ended try's log through {@code logShipper} (logs.remote). */
  void shipLogsThrough(TaskLogShipper logShipper) {
    this.shipper = logShipper;
  }

  /**
   * Runs the callback of a recorded outcome on a thread of its own: user code never runs inside the
   * recording transaction, nor holds up the recording of other tries. Then ships the try's log, if
   * logs are shipped: after the callback, whose lines belong to the try's log.
   */
  void callBackLater(TaskRunner.Finished f) {
    TaskState state = f.outcome().state();
    boolean callback = f.callbacks().has(state);
    TaskLogShipper logShipper = shipper;
    // A rescheduled sensor's try goes on at its next poke, in the same log.
    boolean ship = logShipper != null && state != TaskState.UP_FOR_RESCHEDULE;
    if (callback || ship) {
      Thread.ofVirtual()
          .name("updraft-callback-" + f.claim().ti().id())
          .start(
              () -> {
                if (callback) {
                  f.callbacks().afterRecorded(state);
                }
                if (ship) {
                  logShipper.ship(f.claim().ti(), f.claim().tryNumber());
                }
              });
    }
  }
}
