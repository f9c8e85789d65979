package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OpenAPI document and Javalin's route table describe the same API. */
@ExtendWith(PostgresExtension.class)
class OpenApiDocumentTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
  private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static JsonNode document() {
    return json(api.anonymous().get("/api/v1/openapi.json"));
  }

  @Test
  void every_api_route_is_in_the_document_and_every_documented_operation_is_a_route() {
    Set<String> routes = new TreeSet<>();
    for (String route : api.server().routes()) {
      if (route.split(" ", 2)[1].startsWith("/api/")) {
        routes.add(route);
      }
    }
    Set<String> documented = new TreeSet<>();
    document()
        .get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (METHODS.contains(method)) {
                            documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));

    assertThat(documented).isEqualTo(routes);
  }

  @Test
  void every_path_parameter_is_declared_and_every_reference_resolves() {
    JsonNode doc = document();
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    List<String> problems = new ArrayList<>();
    doc.get("paths")
        .properties()
        .forEach(
            path -> {
              Matcher m = PATH_PARAM.matcher(path.getKey());
              List<String> inPath = new ArrayList<>();
              while (m.find()) {
                inPath.add(m.group(1));
              }
              path.getValue()
                  .properties()
                  .forEach(
                      op -> {
                        List<String> declared = new ArrayList<>();
                        op.getValue()
                            .path("parameters")
                            .forEach(
                                p -> {
                                  if (p.get("in").asText().equals("path")) {
                                    declared.add(p.get("name").asText());
                                  }
                                });
                        if (!declared.equals(inPath)) {
                          problems.add(op.getKey() + " " + path.getKey() + " declares " + declared);
                        }
                        if (!op.getValue().has("responses")) {
                          problems.add(op.getKey() + " " + path.getKey() + " has no responses");
                        }
                      });
            });
    Matcher refs = Pattern.compile("\"#/components/(\\w+)/(\\w+)\"").matcher(doc.toString());
    while (refs.find()) {
      if (doc.at("/components/" + refs.group(1) + "/" + refs.group(2)).isMissingNode()) {
        problems.add("unresolved " + refs.group());
      }
    }

    assertThat(problems).isEmpty();
  }
}
