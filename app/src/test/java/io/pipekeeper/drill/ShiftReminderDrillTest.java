package io.pipekeeper.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each person is told by email, a day ahead, that a shift of theirs starts; once, and not while they are on call already. */
class ShiftReminderDrillTest {
    @RegisterExtension
    final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void the_incoming_pair_is_reminded_24_hours_before_the_hand_off_and_only_once() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-11T08:58", text -> text.replace("  shift_reminder: \"off\"", "  shift_reminder: 24h"))) {
            drill.quiet();
            drill.at("2026-01-11T09:00");
            List<Drill.Message> reminders = drill.expect("carol email", "dan email");
            assertThat(reminders).extracting(Drill.Message::text).containsExactlyInAnyOrder(
                    "[ON CALL] Data Platform: you are primary from Mon 2026-01-12 09:00 CST",
                    "[ON CALL] Data Platform: you are secondary from Mon 2026-01-12 09:00 CST");
            drill.at("2026-01-11T12:00").quiet();
            drill.at("2026-01-12T08:59");
            drill.quiet();
            drill.at("2026-01-12T09:00");
            drill.expect("alice email", "bob email", "carol email", "dan email"); // the hand-off report; no second reminder
            drill.quiet();
        }
    }
}
