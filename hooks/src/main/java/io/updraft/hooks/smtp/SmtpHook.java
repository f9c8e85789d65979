package io.updraft.hooks.smtp;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookTestResult;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Sends email through the SMTP server of a connection of type {@code smtp} (Airflow's {@code
 * SmtpHook}): host, port, login and password, and in extra {@code from_email}, {@code ssl}
 * (implicit TLS, port 465) and {@code starttls}. Each send opens one SMTP session and closes it:
 * notifications are rare, so there is no pool to share, and a rotated password is read on the next
 * send.
 */
public final class SmtpHook implements Hook {
  private final Connection connection;
  private final Duration timeout;

  SmtpHook(Connection connection, Duration timeout) {
    if (connection.host() == null || connection.host().isBlank()) {
      throw new IllegalArgumentException(
          "Connection '" + connection.connId() + "' has no host: set the SMTP server's name");
    }
    this.connection = connection;
    this.timeout = timeout;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  /** The sender: the connection's {@code from_email} extra, else its login. */
  public String defaultFrom() {
    String from = connection.extraString("from_email");
    return from != null && !from.isBlank() ? from : connection.login();
  }

  /**
   * Sends one message to {@code to}, from {@link #defaultFrom()}.
   *
   * @param html whether {@code body} is HTML (else plain text)
   * @throws MessagingException naming the connection when the server refuses it
   */
  public void send(List<String> to, String subject, String body, boolean html)
      throws MessagingException {
    String from = defaultFrom();
    if (from == null || from.isBlank()) {
      throw new IllegalArgumentException(
          "Connection '"
              + connection.connId()
              + "' has no sender: set its login or the extra from_email");
    }
    if (to.isEmpty()) {
      throw new IllegalArgumentException("An email needs at least one recipient");
    }
    Session session = session();
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(from));
    for (String address : to) {
      message.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
    }
    message.setSubject(subject, "UTF-8");
    if (html) {
      message.setContent(body, "text/html; charset=UTF-8");
    } else {
      message.setText(body, "UTF-8");
    }
    try (Transport transport = session.getTransport()) {
      connect(transport);
      transport.sendMessage(message, message.getAllRecipients());
    }
  }

  /** Connects and says hello with the credentials, sending nothing. */
  @Override
  public HookTestResult test() {
    try (Transport transport = session().getTransport()) {
      connect(transport);
      return HookTestResult.ok("SMTP server " + connection.host() + " accepted the connection");
    } catch (MessagingException | RuntimeException e) {
      return HookTestResult.failed(
          "SMTP server "
              + connection.host()
              + " of connection '"
              + connection.connId()
              + "' refused: "
              + e.getMessage());
    }
  }

  private void connect(Transport transport) throws MessagingException {
    if (connection.login() != null && !connection.login().isBlank()) {
      transport.connect(connection.login(), connection.password());
    } else {
      transport.connect();
    }
  }

  private Session session() {
    boolean ssl = flag("ssl");
    String protocol = ssl ? "smtps" : "smtp";
    Properties p = new Properties();
    p.put("mail.transport.protocol", protocol);
    p.put("mail." + protocol + ".host", connection.host());
    p.put(
        "mail." + protocol + ".port",
        String.valueOf(connection.port() != null ? connection.port() : ssl ? 465 : 25));
    p.put("mail." + protocol + ".auth", String.valueOf(connection.login() != null));
    p.put("mail." + protocol + ".starttls.enable", String.valueOf(flag("starttls")));
    p.put("mail." + protocol + ".starttls.required", String.valueOf(flag("starttls")));
    String millis = String.valueOf(timeout.toMillis());
    p.put("mail." + protocol + ".connectiontimeout", millis);
    p.put("mail." + protocol + ".timeout", millis);
    p.put("mail." + protocol + ".writetimeout", millis);
    return Session.getInstance(p);
  }

  private boolean flag(String name) {
    return Boolean.parseBoolean(connection.extraString(name));
  }

  @Override
  public void close() {
    // Nothing held between sends.
  }
}
