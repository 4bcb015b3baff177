package io.pipekeeper.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Pages to one person by one channel that fall due together go as one message that names them all: one SMS, one
 * call, one email. Only pages and notices to a person are bundled; the team's channels are not.
 */
final class Bundle {
    private Bundle() {
    }

    /** The due pages by person and channel, each group in the order due (most severe first, then oldest). */
    static Map<String, List<Outbox.Page>> of(List<Outbox.Page> due) {
        return due.stream().filter(page -> page.via().personal())
                .collect(Collectors.groupingBy(Bundle::key, LinkedHashMap::new, Collectors.toList()));
    }

    static String key(Outbox.Page page) {
        return page.person() + "\u0000" + page.via().text();
    }

    /** The one message for {@code pages} (two or more), as a page of the first's person, address and channel. */
    static Outbox.Page message(List<Outbox.Page> pages) {
        Outbox.Page first = pages.get(0);
        String subject;
        String body;
        switch (first.via()) {
            case SMS -> {
                String each = pages.stream().map(page -> page.body().replaceFirst("^pipekeeper ", "").replaceFirst("\\. Reply .*$", ""))
                        .collect(Collectors.joining("; "));
                String reply = pages.stream().filter(page -> page.incidentId() != null).map(page -> page.incidentId() + "a")
                        .distinct().collect(Collectors.joining(", "));
                subject = PhoneChannel.sms("pipekeeper, " + pages.size() + " pages: " + each + (reply.isEmpty() ? "" : ". Reply " + reply + " to acknowledge."));
                body = subject;
            }
            case VOICE -> {
                subject = "pipekeeper, " + pages.size() + " pages";
                body = TwiML.say("pipekeeper. " + pages.size() + " pages. " + pages.stream().map(page -> page.subject().replace("[", "").replace("]", ""))
                        .collect(Collectors.joining(". ")) + ". Answer each by replying to its text message, or on the dashboard.");
            }
            default -> {
                subject = "[pipekeeper] " + pages.size() + " pages: " + pages.stream().map(Outbox.Page::subject).collect(Collectors.joining("; "));
                body = pages.stream().map(Outbox.Page::body).collect(Collectors.joining("\n\n----------------------------------------\n\n",
                        pages.size() + " pages at once, most severe first:\n\n", ""));
            }
        }
        return new Outbox.Page(first.id(), first.incidentId(), first.notice(), first.step(), first.person(), first.via(), first.address(),
                subject.length() > 990 ? subject.substring(0, 989) + "…" : subject, body, first.status(), first.attempts(), first.createdAt(),
                first.settled());
    }
}
