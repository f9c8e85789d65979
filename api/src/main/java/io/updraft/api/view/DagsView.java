package io.updraft.api.view;

import java.util.List;

/** The DAGs page. */
public record DagsView(Layout layout, List<DagRow> rows) {}
