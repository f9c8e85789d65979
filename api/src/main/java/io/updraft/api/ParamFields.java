package io.updraft.api;

import io.updraft.core.dag.Param;
import io.updraft.core.input.InvalidInputException;
import io.updraft.core.input.UntrustedJson;
import io.updraft.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trigger form's fields for a DAG's declared params, and the conf values they give. Turning
 * text into a value is all this does: whether the value fits its param is checked afterwards by
 * {@link io.updraft.core.run.ManualTrigger}, the one check the API and the command line use too, so
 * text in an integer field that is not a number reaches that check as a string and is refused there
 * with the param named.
 */
final class ParamFields {
  /** Form fields of params are named {@code param.NAME}, apart from the form's own fields. */
  static final String PREFIX = "param.";

  private ParamFields() {}

  /** How a param is typed in: a checkbox for booleans, JSON for objects, arrays and any type. */
  static String input(Param param) {
    return switch (param.type() == null ? "" : param.type()) {
      case "boolean" -> "checkbox";
      case "integer" -> "integer";
      case "number" -> "number";
      case "string" -> "text";
      default -> "json";
    };
  }

  /** The text a field starts with: the param's default. */
  static String defaultText(Param param) {
    Object value = param.defaultValue();
    if (value == null) {
      return "";
    }
    return switch (input(param)) {
      case "json" -> UiPagesHandler.pretty(Json.write(value));
      default -> String.valueOf(value);
    };
  }

  /**
   * The conf the fields give. A blank field leaves its param out, so its default applies (or it is
   * reported missing when required); an unticked checkbox is false. JSON that does not parse is put
   * in {@code errors} under the field's name.
   */
  static Map<String, Object> conf(
      Map<String, Param> declared, Map<String, String> texts, Map<String, String> errors) {
    Map<String, Object> conf = new LinkedHashMap<>();
    declared.forEach(
        (name, param) -> {
          String text = texts.getOrDefault(name, "");
          if (input(param).equals("checkbox")) {
            conf.put(name, "true".equals(text));
          } else if (!text.isBlank()) {
            try {
              conf.put(name, value(name, param, text));
            } catch (InvalidInputException e) {
              errors.put(PREFIX + name, e.getMessage());
            }
          }
        });
    return conf;
  }

  private static Object value(String name, Param param, String text) {
    return switch (input(param)) {
      case "text" -> text;
      case "integer", "number" -> numberOrText(text);
      default -> json(name, param, text);
    };
  }

  /** A number as JSON reads it; other text stays text, for the param check to refuse by name. */
  private static Object numberOrText(String text) {
    try {
      Object value = Json.MAPPER.readValue(text.strip(), Object.class);
      return value instanceof Number ? value : text;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return text;
    }
  }

  /** JSON for objects and arrays; a param of any type also takes plain text as a string. */
  private static Object json(String name, Param param, String text) {
    try {
      return Json.MAPPER.convertValue(
          UntrustedJson.readTree(text, "Param '" + name + "'"), Object.class);
    } catch (InvalidInputException e) {
      if (param.type() == null) {
        return text;
      }
      throw e;
    }
  }
}
