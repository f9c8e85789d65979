package io.updraft.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every configuration key, read from the configuration records themselves: its YAML path, its
 * environment variable, its default and its {@link Doc}. The reference in {@code
 * docs/configuration.md} is generated from it, and checks (compose files, manifests) use it to know
 * which keys are real.
 */
public final class ConfigReference {
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  /** One key: {@code database.url}, {@code UPDRAFT_DATABASE__URL}, its default, what it does. */
  public record Key(String path, String environmentVariable, String defaultValue, String doc) {}

  private ConfigReference() {}

  public static List<Key> keys() {
    List<Key> keys = new ArrayList<>();
    collect(UpdraftConfig.defaults(), "", keys);
    return keys;
  }

  private static void collect(Record record, String prefix, List<Key> keys) {
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      String path = prefix + SNAKE.translate(component.getName());
      Object value = read(record, component);
      if (value instanceof Record nested) {
        collect(nested, path + ".", keys);
        continue;
      }
      Doc doc = component.getAnnotation(Doc.class);
      keys.add(
          new Key(
              path,
              "UPDRAFT_" + path.replace(".", "__").toUpperCase(Locale.ROOT),
              value == null ? "" : String.valueOf(value),
              doc == null ? "" : doc.value()));
    }
  }

  private static Object read(Record record, RecordComponent component) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("Cannot read configuration key " + component.getName(), e);
    }
  }

  /** The Markdown reference, as {@code docs/configuration.md} holds it. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n")
        .append("Generated from the configuration records by `updraft config reference`;")
        .append(" a test fails when this file is stale.\n\n")
        .append("Set keys in one YAML file (`--config FILE` or `UPDRAFT_CONFIG`), or override any")
        .append(" key with its environment variable.\n\n")
        .append("| key | environment variable | default | meaning |\n")
        .append("| --- | --- | --- | --- |\n");
    for (Key key : keys()) {
      out.append("| `")
          .append(key.path())
          .append("` | `")
          .append(key.environmentVariable())
          .append("` | ")
          .append(key.defaultValue().isEmpty() ? "" : "`" + key.defaultValue() + "`")
          .append(" | ")
          .append(key.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    return out.toString();
  }
}
