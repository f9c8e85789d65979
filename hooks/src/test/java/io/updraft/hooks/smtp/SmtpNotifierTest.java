package io.updraft.hooks.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.hooks.testing.TestTaskContext;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The smtp connection's hook and the email notifier, against a real local SMTP server. */
class SmtpNotifierTest {
  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP);

  private Hooks hooks;
  private TestTaskContext context;

  @BeforeEach
  void open() {
    MAIL.setUser("updraft@example.com", "bot", "mail-pass");
    Connection smtp =
        new Connection(
            "smtp_default",
            "smtp",
            null,
            "127.0.0.1",
            "bot",
            "mail-pass",
            null,
            MAIL.getSmtp().getPort(),
            Map.of("from_email", "updraft@example.com"));
    Connection wrong = smtp.withConnId("smtp_wrong").withPassword("not-it");
    hooks =
        Hooks.load(
            ConnectionLookup.of(Map.of("smtp_default", smtp, "smtp_wrong", wrong)),
            getClass().getClassLoader());
    context = new TestTaskContext(hooks, Instant.parse("2026-03-01T00:00:00Z"));
  }

  @AfterEach
  void close() {
    context.close();
    hooks.close();
  }

  @Test
  void a_notifier_sends_one_email_with_its_rendered_subject_and_body() throws Exception {
    new SmtpNotifier(
            "smtp_default",
            List.of("oncall@example.com"),
            "[updraft] {{ dag_id }}.{{ task_id }}",
            "Run {{ run_id }} of {{ ds }} needs a look")
        .call(context);

    MimeMessage[] received = MAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("[updraft] test_dag.test_task");
    assertThat(received[0].getFrom()[0].toString()).isEqualTo("updraft@example.com");
    assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("oncall@example.com");
    assertThat(GreenMailUtil.getBody(received[0]).trim())
        .isEqualTo("Run manual__2026-03-01T00:00:00Z of 2026-03-01 needs a look");
  }

  @Test
  void the_connection_test_passes_with_its_credentials_and_fails_without_showing_them() {
    try (SmtpHook good = hooks.open("smtp_default", SmtpHook.class);
        SmtpHook bad = hooks.open("smtp_wrong", SmtpHook.class)) {
      assertThat(good.test().ok()).isTrue();
      assertThat(bad.test().ok()).isFalse();
      assertThat(bad.test().message()).contains("smtp_wrong").doesNotContain("not-it");
    }
    assertThatThrownBy(
            () ->
                new SmtpNotifier("smtp_wrong", List.of("oncall@example.com"), "s", "b")
                    .call(context))
        .isInstanceOf(jakarta.mail.AuthenticationFailedException.class);
    assertThat(MAIL.getReceivedMessages()).isEmpty();
  }
}
