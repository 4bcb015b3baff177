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
    /** Between the pages of a bundled email, each of which starts with its own subject line. */
    static final String SEPARATOR = "\n\n----------------------------------------\n\n";

    private Bundle() {
    }

    /** How many pages one call or email carries at most; an SMS carries as many as fit in {@link PhoneChannel#SMS_LIMIT}. */
    static final int MOST = 10;

    /**
     * The bundles of the due pages, by the id of each page in one: the pages to one person by one channel, in the order
     * due (most severe first, then oldest), cut into messages that each name all they carry (an SMS of at most 320
     * characters, a call or an email of at most {@value #MOST} pages). A page alone is a bundle of one.
     */
    static Map<Long, List<Outbox.Page>> of(List<Outbox.Page> due) {
        Map<String, List<Outbox.Page>> byPerson = due.stream().filter(page -> page.via().personal())
                .collect(Collectors.groupingBy(Bundle::key, LinkedHashMap::new, Collectors.toList()));
        Map<Long, List<Outbox.Page>> bundles = new java.util.HashMap<>();
        for (List<Outbox.Page> pages : byPerson.values()) {
            List<Outbox.Page> bundle = new java.util.ArrayList<>();
            for (Outbox.Page page : pages) {
                List<Outbox.Page> with = new java.util.ArrayList<>(bundle);
                with.add(page);
                if (!bundle.isEmpty() && (with.size() > MOST || page.via() == Via.SMS && smsText(with).length() > PhoneChannel.SMS_LIMIT)) {
                    bundle = new java.util.ArrayList<>();
                }
                bundle.add(page);
                bundles.put(page.id(), bundle);
            }
        }
        return bundles;
    }

    static String key(Outbox.Page page) {
        return page.person() + "\u0000" + page.via().text();
    }

    /** The SMS that names {@code pages}: each one's line, then how to acknowledge them all. */
    private static String smsText(List<Outbox.Page> pages) {
        String each = pages.stream().map(page -> page.body().replaceFirst("^pipekeeper ", "").replaceFirst("\\. Reply .*$", ""))
                .collect(Collectors.joining("; "));
        String reply = pages.stream().filter(page -> page.incidentId() != null).map(page -> page.incidentId() + "a")
                .distinct().collect(Collectors.joining(", "));
        return "pipekeeper, " + pages.size() + " pages: " + each + (reply.isEmpty() ? "" : ". Reply " + reply + " to acknowledge.");
    }

    /** The one message for {@code pages} (two or more), as a page of the first's person, address and channel. */
    static Outbox.Page message(List<Outbox.Page> pages) {
        Outbox.Page first = pages.get(0);
        String subject;
        String body;
        switch (first.via()) {
            case SMS -> {
                subject = PhoneChannel.sms(smsText(pages));
                body = subject;
            }
            case VOICE -> {
                subject = "pipekeeper, " + pages.size() + " pages";
                body = TwiML.say("pipekeeper. " + pages.size() + " pages. " + pages.stream().map(page -> page.subject().replace("[", "").replace("]", ""))
                        .collect(Collectors.joining(". ")) + ". Answer each by replying to its text message, or on the dashboard.");
            }
            default -> {
                subject = "[pipekeeper] " + pages.size() + " pages: " + pages.stream().map(Outbox.Page::subject).collect(Collectors.joining("; "));
                body = pages.stream().map(page -> page.subject() + "\n\n" + page.body()).collect(Collectors.joining(SEPARATOR,
                        pages.size() + " pages at once, most severe first:\n\n", ""));
            }
        }
        return new Outbox.Page(first.id(), first.incidentId(), first.notice(), first.step(), first.person(), first.via(), first.address(),
                subject.length() > 990 ? subject.substring(0, 989) + "…" : subject, body, first.status(), first.attempts(), first.createdAt(),
                first.settled());
    }
}
