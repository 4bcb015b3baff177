package io.pipekeeper.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pipekeeper.incident.Incident;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance windows (by hand and in the configuration) and snoozes, on the drill's team. */
class MaintenanceDrillTest {
    @RegisterExtension
    final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void an_incident_that_opens_in_a_window_pages_when_it_ends_and_one_outside_it_pages_at_once() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            assertThat(drill.cli("maintenance", "start", "--pipeline", "ingest", "--for", "2h", "--reason", "vendor upgrade", "--by", "alice"))
                    .startsWith("maintenance of ingest until Tue 2026-01-06 12:00 CST");
            drill.at("2026-01-06T10:05");
            long held = drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.quiet();
            assertThat(drill.incident(held).status()).as("it opens, and is listed").isEqualTo(Incident.Status.TRIGGERED);
            assertThat(drill.timeline(held)).anySatisfy(t -> assertThat(t).startsWith("opened during maintenance of ingest (vendor upgrade) until "
                    + "Tue 2026-01-06 12:00 CST: nobody is paged"));
            assertThat(drill.cli("maintenance", "list")).contains("ingest", "by alice: vendor upgrade");
            long other = drill.raise("billing", "critical", "k2", "invoices late");
            drill.expect("alice sms", "alice call");
            assertThat(drill.reply("alice", other + "a")).isEqualTo("acknowledged #" + other);
            drill.at("2026-01-06T12:00");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-06T12:10");
            drill.expect("bob sms", "bob call");
            assertThat(drill.reply("bob", held + "a")).isEqualTo("acknowledged #" + held);
            drill.quiet();
        }
    }

    @Test
    void ending_a_window_early_starts_the_policies_it_held_now() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            drill.cli("maintenance", "start", "--all", "--for", "2h", "--reason", "failover test", "--by", "alice");
            drill.at("2026-01-06T10:05");
            drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.quiet();
            drill.at("2026-01-06T10:30");
            assertThat(drill.cli("maintenance", "end", "--all", "--by", "alice")).isEqualTo("maintenance of all ended (1 window(s))\n");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-06T10:40");
            drill.expect("bob sms", "bob call");
            drill.at("2026-01-06T10:50");
            drill.expect("olga email", "olga sms", "omar email", "omar sms");
            drill.at("2026-01-06T12:30").quiet(); // nothing of the window's planned end is left
        }
    }

    @Test
    void a_recurring_window_of_the_configuration_holds_its_pipelines_incidents() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-07T02:30", text -> text + """

                maintenance:
                  - {pipelines: [billing], cron: "0 2 * * *", duration: 2h, reason: nightly vacuum}
                """)) {
            long held = drill.raise("billing", "critical", "k1", "invoices late");
            drill.quiet();
            assertThat(drill.timeline(held)).anySatisfy(t -> assertThat(t).startsWith("opened during maintenance of billing (nightly vacuum) until "
                    + "Wed 2026-01-07 04:00 CST"));
            long other = drill.raise("ingest", "critical", "k2", "ingest lag");
            drill.expect("alice sms", "alice call");
            assertThat(drill.reply("alice", "ack " + other)).isEqualTo("acknowledged #" + other);
            drill.at("2026-01-07T04:00");
            drill.expect("alice sms", "alice call");
            drill.reply("alice", held + "c");
            drill.quiet();
        }
    }

    @Test
    void a_snooze_runs_out_and_the_policy_pages_anew() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long id = drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-06T10:02");
            drill.cli("incident", "snooze", String.valueOf(id), "--for", "1h", "--by", "alice");
            assertThat(drill.incident(id).status()).isEqualTo(Incident.Status.ACKNOWLEDGED);
            drill.at("2026-01-06T10:10").quiet();
            drill.at("2026-01-06T11:01").quiet();
            drill.at("2026-01-06T11:02");
            drill.expect("alice sms", "alice call");
            assertThat(drill.incident(id).status()).isEqualTo(Incident.Status.TRIGGERED);
            drill.at("2026-01-06T11:12");
            drill.expect("bob sms", "bob call");
            drill.at("2026-01-06T11:22");
            drill.expect("olga email", "olga sms", "omar email", "omar sms");
            drill.quiet();
        }
    }

    @Test
    void a_snoozed_incident_resolved_meanwhile_stays_quiet() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long id = drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("alice sms", "alice call");
            drill.cli("incident", "snooze", String.valueOf(id), "--for", "1h", "--by", "alice");
            drill.at("2026-01-06T10:30");
            assertThat(drill.reply("alice", "resolve " + id)).isEqualTo("resolved #" + id);
            drill.at("2026-01-06T11:05").quiet();
        }
    }
}
