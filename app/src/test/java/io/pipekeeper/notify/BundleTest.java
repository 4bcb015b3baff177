package io.pipekeeper.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleTest {
    private static Outbox.Page page(long id, String person, Via via) {
        String sms = "pipekeeper #" + id + " [CRITICAL] ingest: partition " + id + " is late — respond by 10:20 CST. Reply " + id + "a to acknowledge, "
                + id + "c to resolve.";
        return new Outbox.Page(id, id, Notice.PAGE, 0, person, via, "+13125550101", via == Via.SMS ? sms : "[CRITICAL] ingest: partition " + id,
                via == Via.SMS ? sms : "body " + id, "pending", 0, Instant.parse("2026-01-06T16:00:00Z"), Outbox.Settled.NOT_YET);
    }

    @Test
    void pages_to_one_person_by_one_channel_are_bundled_and_an_sms_bundle_never_cuts_a_page_off() {
        List<Outbox.Page> due = new ArrayList<>();
        for (long id = 1; id <= 8; id++) {
            due.add(page(id, "alice", Via.SMS));
        }
        due.add(page(20, "alice", Via.EMAIL));
        due.add(page(21, "alice", Via.EMAIL));
        due.add(page(30, "bob", Via.SMS));
        Map<Long, List<Outbox.Page>> bundles = Bundle.of(due);

        List<List<Outbox.Page>> smsToAlice = new ArrayList<>(new LinkedHashSet<>(due.subList(0, 8).stream().map(p -> bundles.get(p.id())).toList()));
        assertThat(smsToAlice).as("eight pages do not fit in one SMS of 320 characters").hasSizeGreaterThan(1)
                .filteredOn(bundle -> bundle.size() > 1).isNotEmpty()
                .allSatisfy(bundle -> assertThat(Bundle.message(bundle).body()).hasSizeLessThanOrEqualTo(PhoneChannel.SMS_LIMIT).doesNotEndWith("…"));
        assertThat(smsToAlice.stream().mapToInt(List::size).sum()).as("every page in exactly one").isEqualTo(8);
        assertThat(bundles.get(20L)).extracting(Outbox.Page::id).containsExactly(20L, 21L);
        assertThat(bundles.get(30L)).extracting(Outbox.Page::id).containsExactly(30L);
        assertThat(Bundle.message(bundles.get(20L)).body()).startsWith("2 pages at once, most severe first:\n\n[CRITICAL] ingest: partition 20\n\nbody 20")
                .contains(Bundle.SEPARATOR + "[CRITICAL] ingest: partition 21\n\nbody 21");
    }
}
