package io.pipekeeper.bench.faults;

import io.pipekeeper.bench.BenchSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The seed's team, paged by email (a local SMTP server) and SMS (the local Twilio), with a critical incident's
 * respond SLA of {@value #RESPOND_SECONDS} s and escalation steps that name a different person each, so that every
 * message a sink receives belongs to exactly one (incident, step, person, channel).
 */
final class FaultTeam {
    static final int RESPOND_SECONDS = 6;
    static final Map<String, String> ENVIRONMENT = Map.of("TWILIO_ACCOUNT_SID", "AC0001", "TWILIO_AUTH_TOKEN", "tok-faults-42",
            "AM_SECRET", "am-faults-0123456789");
    /** The people paged, step by step (0 s, half the respond SLA, the whole of it). */
    static final List<List<String>> STEPS = List.of(List.of("john"), List.of("emily"), List.of("michael", "david"));
    static final Map<String, String> PHONES = Map.of("john", "+15550100001", "emily", "+15550100002", "michael", "+15550100003",
            "david", "+15550100004");

    private FaultTeam() {
    }

    /** The configuration in {@code dir}; {@code store} is a JDBC URL or null for the H2 file beside it. */
    static Path write(Path dir, int smtpPort, String phoneApi, String store) throws IOException {
        return write(dir, smtpPort, phoneApi, store, false);
    }

    /** The same, each step paging by {@code phone} only when {@code phoneOnly}: email is then the fallback. */
    static Path write(Path dir, int smtpPort, String phoneApi, String store, boolean phoneOnly) throws IOException {
        String channels = "channels:\n"
                + "  email:\n    smtp: {host: 127.0.0.1, port: " + smtpPort + ", security: none}\n"
                + "    from: \"pipekeeper <pipekeeper@example.com>\"\n"
                + "  phone:\n    twilio: {account_sid: \"${env:TWILIO_ACCOUNT_SID}\", auth_token: \"${env:TWILIO_AUTH_TOKEN}\","
                + " from: \"+15550009999\", api_base: \"" + phoneApi + "\"}\n    voice: false\n"
                // A round floods one person faster than a real team would be paged; the throttle (5 a quarter hour) would
                // hold most of it past the round's end. Kills, not floods, are what these rounds test.
                + "    throttle: {most: 1000, per: 1m}\n"
                + "integrations:\n  prometheus: {type: alertmanager, secret: \"${env:AM_SECRET}\", pipeline: aggregate_profit}\n"
                + (store == null ? "" : "store: \"" + store + "\"\n");
        BenchSupport.seed(dir, channels);
        Path config = dir.resolve("pipekeeper.yaml");
        String text = Files.readString(config)
                .replace("critical: {respond: 1h, resolve: 4h}", "critical: {respond: " + RESPOND_SECONDS + "s, resolve: 1h}")
                .replace("notify: [oncall.primary],  ", "notify: [john],  ")
                .replace("notify: [oncall.secondary],", "notify: [emily],")
                .replace("notify: [owners.primary, owners.secondary],", "notify: [michael, david],");
        if (!text.contains("notify: [john]") || !text.contains("notify: [michael, david]") || !text.contains("respond: " + RESPOND_SECONDS + "s")) {
            throw new IllegalStateException("the seed's escalation or severities changed; FaultTeam rewrites them: " + config);
        }
        Files.writeString(config, phoneOnly ? text.replace("via: [email, phone]", "via: [phone]") : text);
        return config;
    }

    /** The messages one incident gets when nobody answers: each step's people, by email and by SMS. */
    static int messagesPerIncident() {
        return STEPS.stream().mapToInt(List::size).sum() * 2;
    }
}
