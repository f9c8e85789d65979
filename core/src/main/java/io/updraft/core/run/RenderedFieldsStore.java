package io.updraft.core.run;

import java.util.List;

/** The templates each try rendered, kept so that users can see what a task was given. */
public interface RenderedFieldsStore {
  /** Stores a try's rendered templates in the order they were rendered; replaces earlier ones. */
  void save(long taskInstanceId, int tryNumber, List<RenderedField> fields);

  /** The try's rendered templates in the order they were rendered; empty when there are none. */
  List<RenderedField> read(long taskInstanceId, int tryNumber);

  /** Stores nothing: for processes that keep no rendered templates. */
  static RenderedFieldsStore none() {
    return new RenderedFieldsStore() {
      @Override
      public void save(long taskInstanceId, int tryNumber, List<RenderedField> fields) {}

      @Override
      public List<RenderedField> read(long taskInstanceId, int tryNumber) {
        return List.of();
      }
    };
  }
}
