package io.updraft.core.run;

/**
 * A piece of a try's log as stored: its position (ids grow as chunks are written) and its lines.
 */
public record LogChunk(long id, String text) {}
