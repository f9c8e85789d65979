package io.updraft.api.view;

/** The form that adds or edits a variable. */
public record VariableFormView(
    Layout layout, boolean isNew, String action, String key, String value, String description) {}
