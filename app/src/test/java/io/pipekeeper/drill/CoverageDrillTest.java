package io.pipekeeper.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Gaps in coverage on the drill's team: a step that reaches nobody says so and delays nothing; a primary off is stood in for. */
class CoverageDrillTest {
    @RegisterExtension
    final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private static String timeOff(List<String> people) {
        return people.stream().map(p -> "    - {person: " + p + ", from: 2026-01-06, to: 2026-01-06, reason: offsite}")
                .collect(Collectors.joining("\n", "  time_off:\n", "\n"));
    }

    @Test
    void a_step_that_reaches_nobody_says_so_and_the_next_comes_on_time() throws Exception {
        String away = timeOff(List.of("bob", "carol", "dan", "erin", "frank", "greg", "hank", "olga", "omar", "pete"));
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00", text -> text.replace("  holidays:\n    rule: primary-covers\n",
                "  holidays:\n    rule: primary-covers\n" + away))) {
            long id = drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("alice sms", "alice call");
            drill.at("2026-01-06T10:10").quiet();
            assertThat(drill.timeline(id)).anySatisfy(t -> assertThat(t).isEqualTo("step 2 (after 50%): nobody to page; no secondary on call at 10:10"));
            drill.at("2026-01-06T10:20");
            drill.expect("olga email", "olga sms", "omar email", "omar sms"); // owners are paged on their time off: they own it
            drill.quiet();
        }
    }

    @Test
    void a_primary_on_time_off_is_stood_in_for_by_the_secondary_at_step_1() throws Exception {
        try (Drill drill = Drill.start(dir, smtp, "2026-01-06T10:00", text -> text.replace("  holidays:\n    rule: primary-covers\n",
                "  holidays:\n    rule: primary-covers\n" + timeOff(List.of("alice"))))) {
            long id = drill.raise("ingest", "critical", "k1", "ingest lag");
            drill.expect("bob sms", "bob call");
            assertThat(drill.timeline(id)).anySatisfy(t -> assertThat(t).startsWith("step 1 (after 0m): paging bob by sms, voice (bob is acting primary: "
                    + "alice is on time off (offsite); bob moves up to primary;"));
            drill.at("2026-01-06T10:10");
            List<Drill.Message> second = drill.expect(secondaryOf(drill) + " sms", secondaryOf(drill) + " call");
            assertThat(second).noneSatisfy(m -> assertThat(m.person()).isIn("alice", "bob"));
            drill.quiet();
        }
    }

    private static String secondaryOf(Drill drill) {
        String now = drill.cli("oncall", "now");
        return now.lines().filter(l -> l.strip().startsWith("secondary:")).findFirst().orElseThrow().replaceAll(".*secondary:\\s+", "").strip();
    }
}
