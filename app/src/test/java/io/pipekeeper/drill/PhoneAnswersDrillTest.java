package io.pipekeeper.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the paging drill's scenarios do not reach of answering by phone: nonsense, STOP and START, and Twilio's status callbacks. */
class PhoneAnswersDrillTest {
    @RegisterExtension
    final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void nonsense_is_answered_sorry_five_times_an_hour_then_not_at_all() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            for (int i = 0; i < 5; i++) {
                assertThat(drill.reply("alice", "what is this " + i)).startsWith("sorry, pipekeeper did not understand: reply 'ack 12' or '12a'");
            }
            assertThat(drill.reply("alice", "hello?")).as("the sixth in an hour").isEmpty();
            assertThat(drill.reply("bob", "hello?")).as("another number has its own count").startsWith("sorry");
            drill.at("2026-01-06T11:00:01");
            assertThat(drill.reply("alice", "hello?")).as("an hour later").startsWith("sorry");
            assertThat(drill.reply("alice", "ack 999")).isEqualTo("no open incident #999");
            assertThat(drill.reply("alice", "ack")).isEqualTo("no open incident is paged to you");
            drill.quiet();
        }
    }

    @Test
    void stop_turns_a_persons_sms_off_and_start_on_again() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            assertThat(drill.reply("alice", "STOP")).startsWith("SMS pages are off for alice; calls and email still reach you.");
            long first = drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("alice call");
            assertThat(drill.timeline(first)).contains("no SMS to alice: they replied STOP (START turns SMS on again)");
            assertThat(drill.reply("alice", first + "a")).as("replies still work").isEqualTo("acknowledged #" + first);
            assertThat(drill.reply("alice", "start ")).isEqualTo("SMS pages are on again for alice.");
            drill.at("2026-01-06T10:30");
            drill.raise("ingest", "critical", "k2", "ingest lag again");
            drill.expect("alice sms", "alice call");
            drill.quiet();
        }
    }

    @Test
    void twilios_status_callbacks_fill_the_delivery_log() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long id = drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("alice sms", "alice call");
            TwilioSink.Taken sms = drill.twilio.taken.stream().filter(t -> t.kind().equals("sms")).findFirst().orElseThrow();
            TwilioSink.Taken call = drill.twilio.taken.stream().filter(t -> t.kind().equals("call")).findFirst().orElseThrow();
            assertThat(sms.statusCallback()).isEqualTo("http://drill.example/hooks/twilio/status");
            drill.at("2026-01-06T10:05");
            drill.status(sms, "sent");
            drill.status(sms, "delivered");
            drill.status(call, "no-answer");
            drill.quiet(); // the SMS reached alice: a call not answered pages nobody else before step 2
            assertThat(drill.timeline(id)).contains("sms to alice (step 1) delivered after 5m", "voice to alice (step 1) failed: Twilio says no-answer",
                    "voice to alice failed (Twilio says no-answer); alice was reached by sms");
            String shown = drill.cli("incident", "show", String.valueOf(id));
            assertThat(shown).contains("messages (2):").containsPattern("step 1 +alice +sms +delivered after 5m")
                    .containsPattern("step 1 +alice +voice +failed +Twilio says no-answer");
            drill.status(sms, "delivered");
            assertThat(drill.timeline(id)).as("a callback told twice counts once").filteredOn(t -> t.contains("delivered")).hasSize(1);
        }
    }
}
