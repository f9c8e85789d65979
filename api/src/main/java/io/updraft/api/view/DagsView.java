package io.updraft.api.view;

import java.util.List;

/**
 * The DAGs page.
 *
 * @param rows the page of DAGs that pass the filters
 * @param importErrors the DAG files that did not load, shown above the DAGs so none goes unseen
 * @param total how many DAGs there are, filtered or not
 * @param pager where the page is among the DAGs that pass the filters
 */
public record DagsView(
    Layout layout,
    List<DagRow> rows,
    List<ImportErrorRow> importErrors,
    DagsFilters filters,
    int total,
    Pager pager) {}
