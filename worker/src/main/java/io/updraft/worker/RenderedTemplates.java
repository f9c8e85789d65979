package io.updraft.worker;

import io.updraft.core.run.RenderedField;
import io.updraft.core.run.RenderedFieldsStore;
import io.updraft.core.secrets.SecretMasker;
import java.util.ArrayList;
import java.util.List;

/**
 * The templates one try renders, collected while it runs and stored with its outcome. Both the
 * template and its text are masked as they are collected: a rendered connection password is a
 * secret like any other.
 */
final class RenderedTemplates {
  private final long taskInstanceId;
  private final int tryNumber;
  private final SecretMasker masker;
  private final List<RenderedField> fields = new ArrayList<>();

  RenderedTemplates(long taskInstanceId, int tryNumber, SecretMasker masker) {
    this.taskInstanceId = taskInstanceId;
    this.tryNumber = tryNumber;
    this.masker = masker;
  }

  /** Operators may render from threads of their own. */
  synchronized void add(String template, String rendered) {
    fields.add(new RenderedField(masker.mask(template), masker.mask(rendered)));
  }

  synchronized void saveTo(RenderedFieldsStore store) {
    store.save(taskInstanceId, tryNumber, List.copyOf(fields));
  }
}
