package io.pipekeeper.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A flood on the drill's team: at most 5 SMS and 5 calls per person in 15 minutes; what is held goes out most severe first. */
class ThrottleDrillTest {
    @RegisterExtension
    final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    /** The primary alone, so that the flood is all there is to count. */
    private static String primaryOnly(String text) {
        return text.replace("      - {after: 50%,  notify: [secondary], via: [sms, voice]}\n", "")
                .replace("      - {after: 100%, notify: [owners],    via: [email, sms]}\n", "");
    }

    @Test
    void a_flood_is_held_at_five_per_quarter_hour_and_a_new_critical_goes_first() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00", ThrottleDrillTest::primaryOnly)) {
            long[] majors = new long[7];
            for (int i = 0; i < majors.length; i++) {
                majors[i] = drill.raise("ingest", "major", "k" + i, "partition " + i + " late");
            }
            drill.expect("alice sms", "alice sms", "alice sms", "alice sms", "alice sms", "alice call", "alice call", "alice call", "alice call",
                    "alice call");
            assertThat(drill.timeline(majors[5])).anySatisfy(t -> assertThat(t).startsWith("sms to alice held (step 1): alice had 5 sms in the last 15m "
                    + "(the most the throttle allows); it goes at 2026-01-06T16:15:00Z at the latest"));
            drill.at("2026-01-06T10:01");
            long critical = drill.raise("billing", "critical", "down", "billing is down");
            drill.quiet();
            drill.at("2026-01-06T10:14:59").quiet();
            drill.at("2026-01-06T10:15");
            // the three held, due together, go as one SMS and one call, the critical first
            List<Drill.Message> released = drill.expect("alice sms", "alice call");
            assertThat(released).filteredOn(m -> m.kind().equals("sms")).singleElement().extracting(Drill.Message::text).asString()
                    .startsWith("pipekeeper, 3 pages: #" + critical + " [CRITICAL] billing: billing is down")
                    .contains("; #" + majors[5] + " [MAJOR]", "; #" + majors[6] + " [MAJOR]")
                    .endsWith("Reply " + critical + "a, " + majors[5] + "a, " + majors[6] + "a to acknowledge.");
            assertThat(drill.timeline(critical)).anySatisfy(t -> assertThat(t).startsWith("paged alice by sms").endsWith(
                    "in one message with #" + majors[5] + ", #" + majors[6] + ")"));
            drill.quiet();
        }
    }
}
