package io.updraft.api.view;

/** One run as a coloured dot: its id, state and the link to its page. */
public record RunDot(String runId, String state, String href) {}
