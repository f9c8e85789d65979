package io.updraft.core.template;

import com.hubspot.jinjava.util.HasObjectTruthValue;

/**
 * What a template gets for a value that is absent, such as the XCom of a skipped upstream task:
 * printed as {@code None} and false in {@code {% if %}}, as Python's None is in Airflow. A plain
 * null would fail the render, since the renderer treats null as an unknown (mistyped) name.
 */
public final class TemplateNone implements HasObjectTruthValue {
  /** The one absent value. */
  public static final TemplateNone NONE = new TemplateNone();

  /** How an absent value prints, as Airflow prints it. */
  public static final String TEXT = "None";

  private TemplateNone() {}

  /** The value itself, or {@link #NONE} when it is null. */
  static Object orNone(Object value) {
    return value == null ? NONE : value;
  }

  @Override
  public boolean getObjectTruthValue() {
    return false;
  }

  @Override
  public String toString() {
    return TEXT;
  }
}
