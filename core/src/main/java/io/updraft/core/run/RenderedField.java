package io.updraft.core.run;

/** One template a try rendered and its rendered text, with the try's secrets masked in both. */
public record RenderedField(String template, String rendered) {}
