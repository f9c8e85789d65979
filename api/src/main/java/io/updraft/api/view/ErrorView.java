package io.updraft.api.view;

/** A page that could not be shown, and why. */
public record ErrorView(Layout layout, int status, String title, String detail) {}
