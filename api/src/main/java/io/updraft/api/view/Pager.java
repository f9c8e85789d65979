package io.updraft.api.view;

/**
 * Where a paged list is: entries {@code first} to {@code last} of {@code total}, with links to the
 * newer and older pages (null at either end) that keep the page's filters.
 */
public record Pager(int first, int last, int total, String newerHref, String olderHref) {}
