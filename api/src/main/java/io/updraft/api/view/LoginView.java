package io.updraft.api.view;

/** The sign-in form; {@code error} is null until a sign-in failed. */
public record LoginView(Layout layout, String csrf, String next, String error) {}
