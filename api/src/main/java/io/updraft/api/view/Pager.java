package io.updraft.api.view;

/**
 * Where a paged list is: entries {@code first} to {@code last} of {@code total} (at least {@code
 * total} when {@code totalIsAtLeast}: the count stopped there), with links to the newer and older
 * pages (null at either end) that keep the page's filters.
 */
public record Pager(
    int first, int last, int total, boolean totalIsAtLeast, String newerHref, String olderHref) {}
