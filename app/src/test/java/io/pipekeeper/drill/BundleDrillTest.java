package io.pipekeeper.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Messages to one person by one channel that fall due together go as one, naming them all. */
class BundleDrillTest {
    @RegisterExtension
    final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void two_incidents_escalating_together_reach_each_person_once_per_channel() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00")) {
            long lag = drill.raise("ingest", "critical", "lag", "ingest lag");
            long dlq = drill.raise("ingest", "critical", "dlq", "dead letters");
            drill.expect("alice sms", "alice call", "alice sms", "alice call");
            drill.at("2026-01-06T10:10");
            List<Drill.Message> second = drill.expect("bob sms", "bob call");
            assertThat(second).filteredOn(m -> m.kind().equals("sms")).singleElement().extracting(Drill.Message::text).asString()
                    .startsWith("pipekeeper, 2 pages: #" + lag + " [CRITICAL] ingest: ingest lag").contains("; #" + dlq + " [CRITICAL] ingest: dead letters")
                    .endsWith("Reply " + lag + "a, " + dlq + "a to acknowledge.");
            assertThat(second).filteredOn(m -> m.kind().equals("call")).singleElement().extracting(Drill.Message::text).asString()
                    .contains("pipekeeper. 2 pages. CRITICAL ingest: ingest lag", "CRITICAL ingest: dead letters");
            assertThat(drill.reply("bob", lag + "a")).isEqualTo("acknowledged #" + lag);
            drill.at("2026-01-06T10:20");
            List<Drill.Message> third = drill.expect("olga email", "olga sms", "omar email", "omar sms");
            assertThat(third).filteredOn(m -> m.kind().equals("email")).allSatisfy(m -> assertThat(m.text())
                    .as("only the one still unanswered").startsWith("[CRITICAL] ingest: dead letters"));
            drill.quiet();
        }
    }
}
