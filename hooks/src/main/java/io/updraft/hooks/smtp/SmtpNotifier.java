package io.updraft.hooks.smtp;

import io.updraft.core.dag.Notifier;
import io.updraft.core.task.CallbackContext;
import java.util.List;

/**
 * A notifier, for a task or a run, that emails through an {@code smtp} connection (Airflow's {@code
 * SmtpNotifier}). Subject and body are templates of the DAG's author ({@code {{ dag_id }}}, {@code
 * {{ task_id }}}, {@code {{ run_id }}}, {@code {{ ds }}}, ...), rendered with the try's or run's
 * values as data; the server is the connection's, never the run's.
 *
 * <pre>{@code
 * Task.java("load", ctx -> load())
 *     .onFailure(new SmtpNotifier("smtp_default", List.of("oncall@example.com"),
 *         "[updraft] {{ dag_id }}.{{ task_id }} failed", "Run {{ run_id }} of {{ ds }} needs a look"))
 * }</pre>
 *
 * @param htmlBody whether the body is HTML (plain text by default, see {@link #asHtml()})
 */
public record SmtpNotifier(
    String connId, List<String> to, String subjectTemplate, String bodyTemplate, boolean htmlBody)
    implements Notifier {

  public SmtpNotifier {
    if (connId == null || connId.isBlank() || to == null || to.isEmpty()) {
      throw new IllegalArgumentException(
          "SmtpNotifier needs the conn id of an smtp connection and at least one recipient");
    }
    if (subjectTemplate == null || subjectTemplate.isBlank()) {
      throw new IllegalArgumentException("SmtpNotifier needs a subject");
    }
    to = List.copyOf(to);
    bodyTemplate = bodyTemplate == null ? "" : bodyTemplate;
  }

  public SmtpNotifier(String connId, List<String> to, String subjectTemplate, String bodyTemplate) {
    this(connId, to, subjectTemplate, bodyTemplate, false);
  }

  /** The same notifier with an HTML body. */
  public SmtpNotifier asHtml() {
    return new SmtpNotifier(connId, to, subjectTemplate, bodyTemplate, true);
  }

  @Override
  public void send(CallbackContext context) throws Exception {
    String subject = context.render(subjectTemplate);
    String body = context.render(bodyTemplate);
    try (SmtpHook smtp = context.hook(connId, SmtpHook.class)) {
      smtp.send(to, subject, body, htmlBody);
    }
    context.log().info("Email sent to " + to.size() + " recipient(s) through " + connId);
  }
}
