package io.pipekeeper.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Urgency on the drill's team (working hours Mon–Fri 09:00–17:00 Chicago): minor trouble waits for them, the rest pages at once. */
class UrgencyDrillTest {
    @RegisterExtension
    final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void a_minor_incident_at_night_pages_nobody_until_the_next_working_hour() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T20:00")) {
            long id = drill.raise("ingest", "minor", "k1", "a few late rows");
            drill.quiet();
            assertThat(drill.timeline(id)).contains("minor pages in working hours (Mon–Fri 09:00–17:00): nobody is paged until Wed 2026-01-07 09:00 CST");
            drill.at("2026-01-07T08:59").quiet();
            drill.at("2026-01-07T09:00");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-07T13:00"); // step 2: 50 % of 8 h after the policy started
            drill.expect("bob sms", "bob call");
            drill.quiet();
        }
    }

    @Test
    void major_pages_at_once_at_night_and_minor_in_working_hours_does_too() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-09T23:00")) {
            long major = drill.raise("ingest", "major", "k1", "lag");
            drill.expect("alice sms", "alice call");
            assertThat(drill.reply("alice", major + "a")).isEqualTo("acknowledged #" + major);
            long minor = drill.raise("billing", "minor", "k2", "a few late rows");
            drill.quiet();
            drill.at("2026-01-10T12:00").quiet(); // Saturday: still no working hours
            drill.cli("incident", "severity", String.valueOf(minor), "major", "--by", "alice", "--reason", "finance needs it today");
            // opened at 23:00 yesterday: every step of the major policy is overdue, and each fires once, now
            drill.expect("alice sms", "alice call", "bob sms", "bob call", "pete email", "pete sms", "omar email", "omar sms");
            drill.quiet();
        }
    }
}
