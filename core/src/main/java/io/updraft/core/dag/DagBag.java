package io.updraft.core.dag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Predicate;

/**
 * Every DAG that the {@link DagProvider}s of a class loader return, by id. Problems (a provider
 * that throws, an invalid DAG, a DAG id used twice) are collected, not thrown, so one broken DAG
 * does not stop the others.
 */
public final class DagBag {
  private final Map<String, Dag> dags;
  private final List<DagLoadError> errors;

  private DagBag(Map<String, Dag> dags, List<DagLoadError> errors) {
    this.dags = dags;
    this.errors = List.copyOf(errors);
  }

  public static DagBag load(ClassLoader loader) {
    return load(loader, provider -> true);
  }

  /**
   * Only the providers that {@code loader} itself defines, not those of its parents: what a jar of
   * users' DAGs holds, without the DAGs already on the application's classpath.
   */
  public static DagBag loadOwn(ClassLoader loader) {
    return load(loader, provider -> provider.type().getClassLoader() == loader);
  }

  private static DagBag load(
      ClassLoader loader, Predicate<ServiceLoader.Provider<DagProvider>> include) {
    Map<String, Dag> dags = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    List<DagLoadError> errors = new ArrayList<>();
    for (ServiceLoader.Provider<DagProvider> provider :
        ServiceLoader.load(DagProvider.class, loader).stream().filter(include).toList()) {
      String source = provider.type().getName();
      try {
        for (Dag dag : provider.get().dags()) {
          String first = origin.putIfAbsent(dag.id(), source);
          if (first != null) {
            errors.add(
                new DagLoadError(source, dag.id(), "the DAG id is also defined by " + first));
          } else {
            dags.put(dag.id(), dag);
          }
        }
      } catch (DagValidationException e) {
        errors.add(new DagLoadError(source, e.dagId(), e.getMessage()));
      } catch (RuntimeException | LinkageError e) {
        errors.add(new DagLoadError(source, null, String.valueOf(e)));
      }
    }
    return new DagBag(dags, errors);
  }

  public static DagBag of(Dag... dags) {
    Map<String, Dag> byId = new LinkedHashMap<>();
    for (Dag dag : dags) {
      byId.put(dag.id(), dag);
    }
    return new DagBag(byId, List.of());
  }

  public Optional<Dag> get(String dagId) {
    return Optional.ofNullable(dags.get(dagId));
  }

  public Collection<Dag> dags() {
    return dags.values();
  }

  /** Problems found while loading, each naming the provider class and, when known, the DAG. */
  public List<DagLoadError> errors() {
    return errors;
  }

  /** Why a DAG with this id failed to load, if it did. */
  public Optional<DagLoadError> errorFor(String dagId) {
    return errors.stream().filter(e -> dagId.equals(e.dagId())).findFirst();
  }
}
