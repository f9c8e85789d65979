package io.updraft.core.dag;

import java.util.Locale;
import java.util.Set;

/**
 * A declared DAG parameter, as Airflow's {@code Param}: a default, a JSON type that a value given
 * in a run's conf must have, and whether it must be given at all.
 *
 * @param type {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code object},
 *     {@code array}, or null for any
 */
public record Param(Object defaultValue, String type, boolean required, String description) {
  public Param {
    if (type != null) {
      type = type.toLowerCase(Locale.ROOT);
      if (!Set.of("string", "integer", "number", "boolean", "object", "array").contains(type)) {
        throw new IllegalArgumentException(
            "Unknown param type '"
                + type
                + "'; expected string, integer, number, boolean, object or array");
      }
    }
    description = description == null ? "" : description;
  }

  /** A parameter with a default; its type is the default's. */
  public static Param of(Object defaultValue) {
    return new Param(defaultValue, typeOf(defaultValue), false, "");
  }

  /** A parameter every manual run must give, of the given JSON type. */
  public static Param required(String type) {
    return new Param(null, type, true, "");
  }

  public Param description(String text) {
    return new Param(defaultValue, type, required, text);
  }

  /** Whether {@code value} has this parameter's type. */
  public boolean accepts(Object value) {
    if (type == null || value == null) {
      return !required || value != null;
    }
    return type.equals(typeOf(value)) || (type.equals("number") && "integer".equals(typeOf(value)));
  }

  /** The JSON type of a value, as Jackson reads it; null for null. */
  public static String typeOf(Object value) {
    return switch (value) {
      case null -> null;
      case String s -> "string";
      case Integer i -> "integer";
      case Long l -> "integer";
      case java.math.BigInteger b -> "integer";
      case Number n -> "number";
      case Boolean b -> "boolean";
      case java.util.Map<?, ?> m -> "object";
      case java.util.Collection<?> c -> "array";
      default -> "object";
    };
  }
}
