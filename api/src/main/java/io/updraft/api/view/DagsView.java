package io.updraft.api.view;

import java.util.List;

/**
 * The DAGs page.
 *
 * @param importErrors the DAG files that did not load, shown above the DAGs so none goes unseen
 */
public record DagsView(Layout layout, List<DagRow> rows, List<ImportErrorRow> importErrors) {}
