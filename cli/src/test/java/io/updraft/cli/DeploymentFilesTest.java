package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.config.ConfigReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * No Docker engine or cluster runs the deployment files in tests, so they are checked for what
 * breaks them most often: each process runs a real {@code updraft} command line, and each {@code
 * UPDRAFT_} variable is a real configuration key.
 */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Variables read by the launcher or the process itself rather than by the config loader. */
  private static final Set<String> PROCESS_VARIABLES =
      Set.of("UPDRAFT_CONFIG", "UPDRAFT_HOME", "UPDRAFT_LOG_LEVEL", "UPDRAFT_JAVA_OPTS");

  private static final Set<String> CONFIG_VARIABLES =
      ConfigReference.keys().stream()
          .map(ConfigReference.Key::environmentVariable)
          .collect(Collectors.toSet());

  @Test
  void every_compose_service_of_the_updraft_image_runs_a_real_updraft_command() throws Exception {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");

    List<String> updraftServices = new ArrayList<>();
    services.forEach(
        (name, service) -> {
          if ("updraft:dev".equals(service.get("image"))) {
            updraftServices.add(name);
            assertParses(name, strings(service.get("command")));
          }
        });

    assertThat(updraftServices).contains("init", "scheduler", "worker-1", "worker-2", "api");
  }

  @Test
  void every_updraft_variable_in_the_compose_file_is_a_configuration_key() throws Exception {
    Object compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));

    List<String> names = new ArrayList<>();
    collectEnvironmentNames(compose, names);

    assertThat(names).isNotEmpty().allSatisfy(DeploymentFilesTest::assertKnownVariable);
  }

  @Test
  void every_kubernetes_container_runs_a_real_command_with_real_configuration_keys()
      throws Exception {
    List<String> containers = new ArrayList<>();
    List<String> variables = new ArrayList<>();
    for (String file : List.of("updraft.yaml", "secret.example.yaml")) {
      Path path = ROOT.resolve("deploy/kubernetes").resolve(file);
      for (Object document : new Yaml().loadAll(Files.readString(path))) {
        collectContainers(document, containers);
        collectEnvironmentNames(document, variables);
      }
    }

    assertThat(containers).contains("migrate", "scheduler", "worker", "api");
    assertThat(variables)
        .contains("UPDRAFT_DATABASE__URL", "UPDRAFT_REDIS__URL")
        .allSatisfy(DeploymentFilesTest::assertKnownVariable);
  }

  private static void assertParses(String where, List<String> args) {
    assertThat(args).as(where + " has a command").isNotEmpty();
    String[] line = args.toArray(String[]::new);
    CommandLine.ParseResult result = Main.commandLine(line).parseArgs(line);
    assertThat(result.hasSubcommand()).as(where + ": " + args).isTrue();
    assertThat(result.unmatched()).as(where + ": " + args).isEmpty();
  }

  private static void assertKnownVariable(String name) {
    if (name.startsWith("UPDRAFT_")) {
      assertThat(CONFIG_VARIABLES.contains(name) || PROCESS_VARIABLES.contains(name))
          .as(name + " is a configuration key (see docs/configuration.md)")
          .isTrue();
    }
  }

  @SuppressWarnings("unchecked")
  private static void collectContainers(Object node, List<String> containers) {
    if (node instanceof Map<?, ?> map) {
      if (map.get("containers") instanceof List<?> list) {
        for (Object item : list) {
          Map<String, Object> container = (Map<String, Object>) item;
          containers.add((String) container.get("name"));
          assertParses((String) container.get("name"), strings(container.get("args")));
        }
      }
      map.values().forEach(v -> collectContainers(v, containers));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collectContainers(v, containers));
    }
  }

  private static void collectEnvironmentNames(Object node, List<String> names) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) -> {
            if ("environment".equals(key) && value instanceof Map<?, ?> env) {
              env.keySet().forEach(k -> names.add(String.valueOf(k)));
            } else if (("env".equals(key)) && value instanceof List<?> env) {
              env.forEach(e -> names.add(String.valueOf(((Map<?, ?>) e).get("name"))));
            } else if (("data".equals(key) || "stringData".equals(key))
                && value instanceof Map<?, ?> data) {
              data.keySet().stream()
                  .map(String::valueOf)
                  .filter(k -> k.startsWith("UPDRAFT_"))
                  .forEach(names::add);
            } else {
              collectEnvironmentNames(value, names);
            }
          });
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collectEnvironmentNames(v, names));
    }
  }

  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
  }
}
