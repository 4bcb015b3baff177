package io.pipekeeper.notify;

import io.pipekeeper.PipekeeperException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sends pages by email over SMTP (Angus Mail), with STARTTLS or TLS when configured. */
public final class EmailChannel {
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

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
        Optional<String> user = settings.user().map(u -> resolve(u, environment));
        Optional<String> password = settings.password().map(p -> resolve(p, environment));
        user.ifPresent(u -> properties.put("mail." + protocol + ".auth", "true"));
        this.session = Session.getInstance(properties, user.isEmpty() ? null : new jakarta.mail.Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(user.get(), password.orElse(""));
            }
        });
    }

    /** {@code ${env:NAME}} from the environment; a missing variable is an error that names it, never its value. */
    static String resolve(String written, Map<String, String> environment) {
        Matcher m = ENV.matcher(written);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.get(m.group(1));
            if (value == null) {
                throw new PipekeeperException("the environment variable " + m.group(1) + " is not set; channels.email needs it");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Sends one message; returns the SMTP server's message id. */
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
