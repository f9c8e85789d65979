package io.updraft.core.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One change a person made. {@code extra} holds names and flags only (a variable's key, that a
 * password changed), never a secret value: whoever builds an event picks each entry on purpose.
 *
 * @param id the stored row's id; 0 before it is stored
 * @param actor a user name, or {@code cli:<os user>} for the command line
 * @param event what was done, such as {@code trigger} or {@code variable.set}
 * @param dagId the DAG it concerns, or null
 * @param runId the run it concerns, or null
 * @param taskId the task it concerns, or null
 * @param channel {@code ui}, {@code api} or {@code cli}
 * @param source the client's IP address, or {@code cli}
 */
public record AuditEvent(
    long id,
    Instant when,
    String actor,
    String event,
    String dagId,
    String runId,
    String taskId,
    String channel,
    String source,
    Map<String, Object> extra) {

  public AuditEvent {
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(source, "source");
    extra = extra == null ? Map.of() : extra;
  }
}
