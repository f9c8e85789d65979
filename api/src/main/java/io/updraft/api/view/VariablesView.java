package io.updraft.api.view;

import java.util.List;

/** The variables page; values under sensitive keys are masked. */
public record VariablesView(Layout layout, List<VariableRow> variables) {
  /** One variable. */
  public record VariableRow(String key, String value, String href) {}
}
