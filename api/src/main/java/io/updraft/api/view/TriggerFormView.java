package io.updraft.api.view;

import java.util.List;
import java.util.Map;

/**
 * The trigger form of a DAG: one field per declared param, the conf as JSON for anything else, and
 * an optional run id and logical date. A refused form comes back with what was typed and the errors
 * by field.
 *
 * @param errors what is wrong, by form field name ({@code param.NAME}, {@code conf}, {@code
 *     dag_run_id}, {@code logical_date}); the empty key holds a problem of the whole request
 */
public record TriggerFormView(
    Layout layout,
    String dagId,
    String dagHref,
    String action,
    List<ParamField> fields,
    String conf,
    String runId,
    String logicalDate,
    Map<String, String> errors) {

  public String error(String field) {
    return errors.getOrDefault(field, "");
  }

  /** The advanced part starts open when anything in it was typed or refused. */
  public boolean advancedOpen() {
    return !conf.strip().equals("{}")
        || !runId.isEmpty()
        || !logicalDate.isEmpty()
        || errors.containsKey("conf")
        || errors.containsKey("dag_run_id")
        || errors.containsKey("logical_date");
  }

  public boolean refused() {
    return !errors.isEmpty();
  }

  /**
   * One declared param.
   *
   * @param input {@code text}, {@code integer}, {@code number}, {@code checkbox} or {@code json}
   * @param value the text in the field; for a checkbox, "true" when ticked
   * @param type the declared JSON type, or "any"
   */
  public record ParamField(
      String name,
      String formName,
      String input,
      String value,
      boolean required,
      String type,
      String description,
      String error) {
    public boolean checked() {
      return "true".equals(value);
    }
  }
}
