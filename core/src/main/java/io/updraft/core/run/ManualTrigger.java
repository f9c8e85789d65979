package io.updraft.core.run;

import io.updraft.core.dag.DagParams;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.input.UntrustedJson;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A manual run as a user asks for it, from the API, the UI or the command line, checked the same
 * way everywhere: the run id ({@link RunIds}), the logical date ({@link LogicalDates}), the conf
 * ({@link UntrustedJson}) and the DAG's declared params ({@link DagParams}).
 */
public final class ManualTrigger {
  private ManualTrigger() {}

  /**
   * The run to create.
   *
   * @param runId the id asked for, or null for {@code manual__<logical date>}
   * @param logicalDate the date asked for, or null for {@code now}; cut to microseconds, the
   *     precision PostgreSQL keeps
   * @param conf the conf as given; declared defaults are filled in
   * @throws io.updraft.core.input.InvalidInputException naming what is wrong and what to do
   */
  public static NewDagRun request(
      DagStructure dag, String runId, Instant logicalDate, Map<String, Object> conf, Instant now) {
    Instant date =
        LogicalDates.check(logicalDate == null ? now : logicalDate, "The logical date")
            .truncatedTo(ChronoUnit.MICROS);
    String id =
        runId == null ? NewDagRun.runIdFor(RunType.MANUAL, date) : RunIds.check(runId, "Run id");
    Map<String, Object> checked = UntrustedJson.check(conf == null ? Map.of() : conf, "conf");
    Map<String, Object> resolved = DagParams.resolve(dag.dagId(), dag.params(), checked);
    return new NewDagRun(dag.dagId(), id, RunType.MANUAL, date, date, date, resolved);
  }
}
