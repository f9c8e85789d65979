package io.updraft.core.run;

import java.time.Instant;

/** One XCom value of a task in a run, as JSON text. */
public record XComEntry(String taskId, String key, String json, Instant timestamp) {}
