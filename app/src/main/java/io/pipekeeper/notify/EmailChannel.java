package io.pipekeeper.notify;

import io.pipekeeper.config.EmailSettings;
import io.pipekeeper.markup.Markup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Sends pages by email over SMTP (Angus Mail), with STARTTLS or TLS when configured, on one connection per delivery pass. */
public final class EmailChannel implements Channel {
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        // Jakarta Mail looks its stream provider up with a ServiceLoader on every body part and every message written,
        // which scans every jar on the class path each time (most of a page's CPU cost on a large class path). Named
        // here, the provider we ship is found by its class name; a value the user set stays.
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final EmailSettings settings;
    private final Session session;
    /** The open SMTP connection, reused by the pages of one delivery pass (a new connection costs a handshake). */
    private Transport transport;

    public EmailChannel(EmailSettings settings, Map<String, String> environment) {
        this.settings = settings;
        Properties properties = new Properties();
        String protocol = settings.security().equals("tls") ? "smtps" : "smtp";
        properties.put("mail.transport.protocol", protocol);
        properties.put("mail." + protocol + ".host", settings.host());
        properties.put("mail." + protocol + ".port", String.valueOf(settings.port()));
        properties.put("mail." + protocol + ".connectiontimeout", "10000");
        properties.put("mail." + protocol + ".timeout", "10000");
        if (settings.security().equals("starttls")) {
            properties.put("mail.smtp.starttls.enable", "true");
        }
        Optional<String> user = settings.user().map(u -> Secrets.resolve(u, environment, "channels.email"));
        Optional<String> password = settings.password().map(p -> Secrets.resolve(p, environment, "channels.email"));
        user.ifPresent(u -> properties.put("mail." + protocol + ".auth", "true"));
        this.session = Session.getInstance(properties, user.isEmpty() ? null : new jakarta.mail.Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(user.get(), password.orElse(""));
            }
        });
    }

    /** The page as HTML: the subject as a heading, the body as written, links made clickable. */
    static String html(String subject, String body) {
        String escaped = Markup.escape(body).replaceAll("(https?://(?:[^\\s<&\"']|&amp;)+)", "<a href=\"$1\">$1</a>");
        return "<!doctype html><html><head><meta charset=\"utf-8\"></head><body><h2 style=\"font-family:sans-serif\">" + Markup.escape(subject) + "</h2>"
                + "<pre style=\"font-family:sans-serif;white-space:pre-wrap\">" + escaped + "</pre></body></html>";
    }

    /** Sends one message (plain text and HTML); returns the SMTP server's message id. */
    @Override
    public String send(String to, String subject, String body) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(settings.from()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(subject, body), "UTF-8", "html");
        message.setContent(new MimeMultipart("alternative", text, html));
        message.saveChanges();
        synchronized (this) {
            if (transport == null || !transport.isConnected()) {
                close();
                transport = session.getTransport();
                transport.connect();
            }
            try {
                transport.sendMessage(message, message.getAllRecipients());
            } catch (MessagingException e) {
                close(); // the next page starts on a fresh connection
                throw e;
            }
        }
        return message.getMessageID();
    }

    /** Closes the connection kept open between the pages of one delivery pass. */
    @Override
    public synchronized void idle() {
        close();
    }

    private void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // the server went away first; nothing is left to close
            }
            transport = null;
        }
    }
}
