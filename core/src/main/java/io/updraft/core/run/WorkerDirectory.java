package io.updraft.core.run;

import java.util.List;

/** The workers that reported themselves, most recently seen first. */
public interface WorkerDirectory {
  List<WorkerInfo> list();
}
