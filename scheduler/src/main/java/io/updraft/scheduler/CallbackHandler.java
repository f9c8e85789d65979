package io.updraft.scheduler;

import io.updraft.core.run.CallbackRequests;

/** Calls the callback that one kind of {@link CallbackRequests.Request} asks for. */
@FunctionalInterface
interface CallbackHandler {

  /**
   * Calls the user's callback the request asks for, if its DAG has one; returns whether it called
   * one. What the callback throws comes out of here, to be recorded with the request.
   */
  boolean handle(CallbackRequests.Request request) throws Exception;
}
