package io.updraft.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The effective configuration as YAML in the shape of the configuration file, so that what {@code
 * config show} prints can be saved and loaded again. Secrets are shown as {@code ***} when set:
 * keys whose name says password, secret, token, key or headers, and the passwords inside database
 * and Redis URLs.
 */
public final class ConfigYaml {
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
  private static final List<String> SECRET_NAME_PARTS =
      List.of("password", "secret", "token", "key", "credential", "headers");
  private static final String MASK = "***";
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private ConfigYaml() {}

  /** The configuration as YAML, secrets masked. */
  public static String of(UpdraftConfig config) {
    try {
      return YAML.writeValueAsString(tree(config, ""));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode tree(Record record, String path) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      String name = SNAKE.translate(component.getName());
      node.set(name, value(path + name, read(record, component)));
    }
    return node;
  }

  private static JsonNode value(String path, Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value == null) {
      return nodes.nullNode();
    }
    if (value instanceof Record nested) {
      return tree(nested, path + ".");
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = nodes.objectNode();
      map.forEach((k, v) -> node.set(String.valueOf(k), value(path + "." + k, v)));
      return node;
    }
    if (value instanceof Collection<?> items) {
      var array = nodes.arrayNode();
      items.forEach(item -> array.add(value(path, item)));
      return array;
    }
    if (isSecret(path)) {
      return nodes.textNode(MASK);
    }
    if (path.equals("database.url")) {
      return nodes.textNode(JdbcUrls.redact(String.valueOf(value)));
    }
    if (path.equals("redis.url")) {
      return nodes.textNode(RedisUrls.redact(String.valueOf(value)));
    }
    if (value instanceof Double || value instanceof Float) {
      return nodes.numberNode(((Number) value).doubleValue());
    }
    if (value instanceof Number number) {
      return nodes.numberNode(number.longValue());
    }
    if (value instanceof Boolean flag) {
      return nodes.booleanNode(flag);
    }
    return nodes.textNode(String.valueOf(value));
  }

  private static boolean isSecret(String path) {
    String name = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return SECRET_NAME_PARTS.stream().anyMatch(name::contains);
  }

  private static Object read(Record record, RecordComponent component) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("Cannot read configuration key " + component.getName(), e);
    }
  }
}
