package io.updraft.api.view;

import java.util.List;

/**
 * The form that adds or edits a connection, with the fields its conn type's hook declares.
 *
 * @param action where the form posts
 * @param types the conn types of the installed hooks, for the type chooser
 * @param extra the extras no declared field shows, as JSON (sensitive values masked)
 */
public record ConnectionFormView(
    Layout layout,
    boolean isNew,
    String action,
    String connId,
    String connType,
    String description,
    List<ConnType> types,
    List<Field> fields,
    String extra,
    boolean hookInstalled) {
  /** A conn type a hook opens. */
  public record ConnType(String name, String displayName) {}

  /**
   * One input: {@code name} is a connection field or {@code extra.<key>}; a secret field is never
   * filled in, and left empty it keeps the stored value.
   */
  public record Field(
      String name, String label, String placeholder, boolean secret, String value) {}
}
