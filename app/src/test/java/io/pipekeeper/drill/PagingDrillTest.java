package io.pipekeeper.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pipekeeper.incident.Incident;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenarios of the paging drill (docs/paging.md, "Drills"), on the fixture team of examples/paging-drill: each
 * moves the drill clock, asserts every SMS, call and mail, and ends with the quiet check. Times are Chicago's.
 */
class PagingDrillTest {
    @RegisterExtension
    final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void s01_steps_fire_at_once_at_half_the_respond_sla_and_at_the_sla() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long id = drill.raise("ingest", "critical", "k1", "ingest lag");
            List<Drill.Message> first = drill.expect("alice sms", "alice call");
            assertThat(first).filteredOn(m -> m.kind().equals("sms")).singleElement().extracting(Drill.Message::text).asString()
                    .startsWith("pipekeeper #" + id + " [CRITICAL] ingest: ").endsWith("Reply " + id + "a to acknowledge, " + id + "c to resolve.");
            drill.at("2026-01-06T10:09:59").quiet();
            drill.at("2026-01-06T10:10");
            drill.expect("bob sms", "bob call");
            drill.at("2026-01-06T10:20");
            drill.expect("olga email", "olga sms", "omar email", "omar sms");
            drill.at("2026-01-06T15:00").quiet();
        }
    }

    @Test
    void s01_as_major_the_secondary_is_paged_at_10_30_and_the_owners_at_11() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            drill.raise("ingest", "major", "k1", "ingest lag");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-06T10:29").quiet();
            drill.at("2026-01-06T10:30");
            drill.expect("bob sms", "bob call");
            drill.at("2026-01-06T11:00");
            drill.expect("olga email", "olga sms", "omar email", "omar sms");
            drill.at("2026-01-06T15:00").quiet();
        }
    }

    @Test
    void s01_with_an_absolute_step_2_of_15m_the_secondary_is_paged_at_10_15() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00", text -> text.replace("{after: 50%,  notify: [secondary]",
                "{after: 15m,  notify: [secondary]"))) {
            drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-06T10:10").quiet();
            drill.at("2026-01-06T10:15");
            drill.expect("bob sms", "bob call");
            drill.at("2026-01-06T10:20");
            drill.expect("olga email", "olga sms", "omar email", "omar sms");
            drill.quiet();
        }
    }

    @Test
    void s03_acknowledging_by_sms_stops_every_later_step() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long id = drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("alice sms", "alice call");
            drill.status(drill.twilio.taken.stream().filter(t -> t.kind().equals("sms")).findFirst().orElseThrow(), "delivered");
            drill.at("2026-01-06T10:03");
            assertThat(drill.reply("alice", id + "a ")).isEqualTo("acknowledged #" + id);
            drill.at("2026-01-06T10:10").quiet();
            drill.at("2026-01-06T10:20").quiet();
            drill.at("2026-01-06T11:20").quiet();
            Incident incident = drill.incident(id);
            assertThat(incident.acknowledgedBy()).contains("alice");
            assertThat(Duration.between(incident.openedAt(), incident.acknowledgedAt().orElseThrow())).hasMinutes(3);
            assertThat(drill.timeline(id)).anySatisfy(t -> assertThat(t).startsWith("step 1 (after 0m): paging alice by sms, voice"))
                    .anySatisfy(t -> assertThat(t).isEqualTo("sms to alice (step 1) delivered"))
                    .anySatisfy(t -> assertThat(t).startsWith("paged alice by voice"))
                    .anySatisfy(t -> assertThat(t).isEqualTo("acknowledged by alice"))
                    .anySatisfy(t -> assertThat(t).isEqualTo("the incident is acknowledged: 2 later escalation step(s) and 0 waiting page(s) cancelled"))
                    .noneSatisfy(t -> assertThat(t).contains("SLA breached"));
        }
    }

    @Test
    void s04_the_secondary_acknowledges_by_pressing_4_on_the_call() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long id = drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-06T10:10");
            drill.expect("bob sms", "bob call");
            assertThat(drill.press("bob", id, "1")).as("1 repeats the message and the menu").contains("Press 4 to acknowledge, 6 to resolve");
            assertThat(drill.press("bob", id, "4")).isEqualTo("acknowledged #" + id + ".");
            drill.at("2026-01-06T10:20").quiet();
            Incident incident = drill.incident(id);
            assertThat(incident.acknowledgedBy()).contains("bob");
            assertThat(Duration.between(incident.openedAt(), incident.acknowledgedAt().orElseThrow())).hasMinutes(10);
        }
    }

    @Test
    void s05_resolving_from_the_phone_stops_paging_and_tells_nobody_else() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long id = drill.raise("ingest", "major", "k1", "ingest lag");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-06T10:05");
            assertThat(drill.reply("alice", "RESOLVE " + id)).isEqualTo("resolved #" + id);
            drill.quiet(); // the reply is alice's notice: no "resolved" SMS on top
            drill.at("2026-01-06T10:30").quiet();
            drill.at("2026-01-06T18:05").quiet();
            Incident incident = drill.incident(id);
            assertThat(incident.status()).isEqualTo(Incident.Status.RESOLVED);
            assertThat(incident.resolvedAt().orElseThrow()).isBefore(incident.respondBy());
        }
    }

    @Test
    void s05_pressing_6_on_the_call_resolves() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long id = drill.raise("ingest", "major", "k1", "ingest lag");
            drill.expect("alice sms", "alice call");
            assertThat(drill.press("alice", id, "6")).isEqualTo("resolved #" + id + ".");
            drill.at("2026-01-06T11:00").quiet();
            assertThat(drill.incident(id).resolvedBy()).contains("alice");
        }
    }

    @Test
    void s07_escalating_an_acknowledged_incident_by_hand() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long id = drill.raise("ingest", "major", "k1", "ingest lag");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-06T10:02");
            assertThat(drill.reply("alice", "ack")).as("a bare ack: alice's one open incident").isEqualTo("acknowledged #" + id);
            drill.at("2026-01-06T10:05").quiet();
            drill.cli("incident", "escalate", String.valueOf(id), "--by", "alice");
            drill.expect("bob sms", "bob call");
            assertThat(drill.incident(id).status()).isEqualTo(Incident.Status.TRIGGERED);
            drill.at("2026-01-06T11:00");
            drill.expect("olga email", "olga sms", "omar email", "omar sms");
            drill.quiet();
        }
    }

    @Test
    void s07_an_acknowledgement_after_the_escalation_stops_step_3() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long id = drill.raise("ingest", "major", "k1", "ingest lag");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-06T10:02");
            drill.reply("alice", "ack " + id);
            drill.at("2026-01-06T10:05");
            drill.cli("incident", "escalate", String.valueOf(id), "--by", "alice");
            drill.expect("bob sms", "bob call");
            drill.at("2026-01-06T10:06");
            assertThat(drill.reply("bob", id + "A")).isEqualTo("acknowledged #" + id);
            assertThat(drill.reply("bob", "ack " + id)).isEqualTo("already acknowledged #" + id + " by bob");
            drill.at("2026-01-06T11:00").quiet();
        }
    }

    @Test
    void s08_the_same_key_on_the_same_pipeline_is_one_incident() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long first = drill.raise("ingest", "major", "ingest-lag", "lag high");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-06T10:01");
            assertThat(drill.raise("ingest", "major", "ingest-lag", "lag very high")).isEqualTo(first);
            drill.quiet();
            assertThat(drill.incident(first).title()).isEqualTo("lag high");
            drill.at("2026-01-06T10:02");
            long second = drill.raise("ingest", "major", "ingest-dlq", "lag high");
            assertThat(second).isNotEqualTo(first);
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-06T10:03");
            long third = drill.raise("billing", "major", "ingest-lag", "lag high");
            assertThat(third).isNotIn(first, second);
            drill.expect("alice sms", "alice call");
            assertThat(drill.reply("alice", "ack")).as("three open incidents: which?").startsWith("3 open incidents are paged to you");
            assertThat(drill.reply("alice", first + "a")).isEqualTo("acknowledged #" + first);
            assertThat(drill.raise("ingest", "major", "ingest-lag", "lag high again")).as("acknowledged, still open").isEqualTo(first);
            drill.quiet();
        }
    }

    @Test
    void s09_resolving_by_key_resolves_that_incident_alone_and_tells_who_it_paged() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long lag = drill.raise("ingest", "major", "ingest-lag", "lag high");
            long dlq = drill.raise("ingest", "major", "ingest-dlq", "dead letters");
            drill.expect("alice sms", "alice call", "alice sms", "alice call");
            drill.at("2026-01-06T10:05");
            drill.cli("alert", "resolve", "--pipeline", "ingest", "--key", "ingest-lag");
            assertThat(drill.expect("alice sms")).singleElement().extracting(Drill.Message::text).asString()
                    .startsWith("pipekeeper #" + lag + " was resolved by alert");
            assertThat(drill.incident(dlq).status()).isEqualTo(Incident.Status.TRIGGERED);
            assertThat(drill.cli("alert", "resolve", "--pipeline", "ingest", "--key", "nobody-raised-this")).contains("nothing to resolve");
            drill.at("2026-01-06T10:30");
            assertThat(drill.expect("bob sms", "bob call")).allSatisfy(m -> assertThat(m.text()).containsAnyOf("incident " + dlq + ".", "#" + dlq + " "));
            drill.at("2026-01-06T11:00");
            drill.expect("olga email", "olga sms", "omar email", "omar sms");
            drill.at("2026-01-06T11:10");
            long again = drill.raise("ingest", "major", "ingest-lag", "lag high again");
            assertThat(again).isNotIn(lag, dlq);
            drill.expect("alice sms", "alice call");
            drill.quiet();
        }
    }

    @Test
    void s10_the_hand_off_is_at_the_teams_local_time() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-12T03:30")) {
            long night = drill.raise("ingest", "critical", "night", "night trouble");
            drill.expect("alice sms", "alice call");
            assertThat(drill.reply("alice", night + "c")).isEqualTo("resolved #" + night);
            drill.at("2026-01-12T08:59:59");
            assertThat(drill.cli("oncall", "now")).contains("primary:   alice", "secondary: bob");
            drill.quiet();
            drill.at("2026-01-12T09:00");
            assertThat(drill.cli("oncall", "now")).contains("primary:   carol", "secondary: dan");
            drill.expect("alice email", "bob email", "carol email", "dan email"); // the hand-off report, to both pairs
            drill.at("2026-01-12T09:01");
            drill.raise("ingest", "critical", "day", "day trouble");
            drill.expect("carol sms", "carol call");
            drill.at("2026-01-12T09:11");
            drill.expect("dan sms", "dan call");
            drill.quiet();
        }
    }

    @Test
    void s12_the_rotation_wraps_around() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-26T08:59")) {
            assertThat(drill.cli("oncall", "now")).contains("primary:   erin", "secondary: frank");
            drill.at("2026-01-26T09:00");
            assertThat(drill.cli("oncall", "now")).contains("primary:   alice", "secondary: bob");
            drill.expect("erin email", "frank email", "alice email", "bob email");
            drill.at("2026-01-26T09:05");
            drill.raise("billing", "major", "k1", "invoices late");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-26T09:35");
            drill.expect("bob sms", "bob call");
            drill.quiet();
        }
    }

    @Test
    void s18_a_rejected_sms_is_final_the_call_still_goes_and_the_next_step_comes_on_time() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            drill.twilio.rejectSmsTo.add(drill.phone("alice"));
            long id = drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("alice call");
            assertThat(drill.timeline(id)).anySatisfy(t -> assertThat(t).startsWith("sms to alice failed (step 1, attempt 1): Twilio rejected the SMS: "
                    + "HTTP 400 (Attempt to send to unsubscribed recipient); a rejection is final"));
            drill.at("2026-01-06T10:05").quiet();
            assertThat(drill.twilio.rejected).as("not tried again").hasSize(1);
            drill.at("2026-01-06T10:10");
            drill.expect("bob sms", "bob call");
            drill.at("2026-01-06T10:20");
            drill.expect("olga email", "olga sms", "omar email", "omar sms");
            drill.twilio.rejectSmsTo.clear();
            drill.at("2026-01-06T11:00");
            drill.raise("ingest", "critical", "k2", "ingest lag again");
            drill.expect("alice sms", "alice call");
            drill.quiet();
        }
    }

    /** Greg and hank cover Thanksgiving (Thu 2026-11-26) as overrides made from the command line. */
    private static void holidayCover(Drill drill) {
        drill.cli("oncall", "override", "--role", "primary", "--person", "greg", "--from", "2026-11-26T00:00", "--to", "2026-11-27T00:00",
                "--reason", "Thanksgiving cover", "--by", "alice");
        drill.cli("oncall", "override", "--role", "secondary", "--person", "hank", "--from", "2026-11-26T00:00", "--to", "2026-11-27T00:00",
                "--reason", "Thanksgiving cover", "--by", "alice");
    }

    private static String holder(Drill drill, String role, String at) {
        return drill.cli("oncall", "now", "--at", at).lines().filter(l -> l.strip().startsWith(role + ":")).findFirst().orElseThrow()
                .replaceAll(".*" + role + ":\\s+", "").strip();
    }

    @Test
    void s16_holiday_cover_pages_the_cover_and_not_the_regular_pair() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-11-25T12:00")) {
            String regular = holder(drill, "primary", "2026-11-25T12:00");
            String regularSecondary = holder(drill, "secondary", "2026-11-25T12:00");
            assertThat(List.of(regular, regularSecondary)).as("week 47 of the rotation: its second pair").containsExactly("carol", "dan");
            holidayCover(drill);
            drill.at("2026-11-26T10:00");
            long thursday = drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("greg sms", "greg call");
            drill.at("2026-11-26T10:10");
            drill.expect("hank sms", "hank call");
            assertThat(drill.reply("hank", thursday + "c")).isEqualTo("resolved #" + thursday);
            drill.expect("greg sms"); // the resolution notice to greg, who was paged
            drill.at("2026-11-27T00:30");
            drill.raise("ingest", "critical", "k2", "ingest lag at night");
            drill.expect(regular + " sms", regular + " call");
            drill.quiet();
        }
    }

    @Test
    void s16_holiday_cover_removed_at_14_00_the_regular_primary_is_paged_again() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-11-25T12:00")) {
            holidayCover(drill);
            drill.at("2026-11-26T14:00");
            List<String> ids = drill.cli("oncall", "override", "list").lines().filter(l -> l.contains("Thanksgiving cover"))
                    .map(l -> l.strip().split("\\s+")[0].replace("#", "")).toList();
            assertThat(ids).hasSize(2);
            ids.forEach(id -> drill.cli("oncall", "override", "remove", id));
            drill.at("2026-11-26T14:05");
            drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("carol sms", "carol call");
            drill.quiet();
        }
    }

    @Test
    void s14_an_added_responder_is_paged_beside_the_primary_while_added() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-07T10:00", text -> text.replace("  shift_reminder: \"off\"",
                "  shift_reminder: \"off\"\n  responders:\n    - {role: primary, person: hank, from: 2026-01-07T00:00, to: 2026-01-09T00:00, reason: shadowing}"))) {
            assertThat(drill.cli("oncall", "now")).contains("primary:   alice", "added:     hank beside the primary until 2026-01-09T00:00 (shadowing)");
            long wednesday = drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("alice sms", "alice call", "hank sms", "hank call");
            drill.at("2026-01-07T10:02");
            assertThat(drill.reply("hank", wednesday + "a")).isEqualTo("acknowledged #" + wednesday);
            drill.at("2026-01-07T10:30").quiet();
            drill.at("2026-01-09T10:00");
            drill.raise("ingest", "critical", "k2", "ingest lag on friday");
            drill.expect("alice sms", "alice call");
            drill.quiet();
        }
    }
}
