package io.updraft.core.queue;

/**
 * What travels through the queue: which try of which task instance to run. The database row is the
 * truth; a message only says "look at this row".
 */
public record TaskMessage(
    long taskInstanceId, int tryNumber, String dagId, String runId, String taskId, String queue) {}
