package io.pipekeeper.notify;

import io.pipekeeper.config.EmailSettings;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Sends pages by email over SMTP (Angus Mail), with STARTTLS or TLS when configured. */
public final class EmailChannel implements Channel {
    private final EmailSettings settings;
    private final Session session;

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

    /** Sends one message; returns the SMTP server's message id. */
    @Override
    public String send(String to, String subject, String body) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(settings.from()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        message.saveChanges();
        Transport.send(message);
        return message.getMessageID();
    }
}
