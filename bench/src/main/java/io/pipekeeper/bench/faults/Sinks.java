package io.pipekeeper.bench.faults;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.pipekeeper.notify.Outbox;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What reached people, counted at the SMTP server and the phone API, against what the escalation promises: each
 * incident's steps, each step's people, by email and by SMS. A page is keyed by (incident, person, channel);
 * {@link FaultTeam} names a different person in each step, so a key is one (incident, step, person, channel). SLA
 * breach notices are keyed by the deadline too. Any key received twice is a duplicate, whichever incident it is of
 * (the scheduler also opens incidents of its own, for deadlines the fault team's pipelines miss).
 */
final class Sinks {
    private static final Pattern EMAIL_INCIDENT = Pattern.compile("pipekeeper incident ack (\\d+) --by YOU");
    private static final Pattern SMS_INCIDENT = Pattern.compile("pipekeeper #(\\d+) ");
    private static final Pattern BUNDLED_SMS_INCIDENT = Pattern.compile("(?:: |; )#(\\d+) \\[");

    /** What a round found: messages lost (expected, not received, not in doubt) and received more than once. */
    record Count(long expected, long delivered, long lost, long duplicated, long inDoubt, List<String> problems) {
    }

    private Sinks() {
    }

    static Map<String, Integer> received(GreenMail smtp, PhoneSink phone) throws Exception {
        Map<String, String> people = new HashMap<>();
        FaultTeam.PHONES.forEach((person, number) -> people.put(number, person));
        Map<String, Integer> counts = new HashMap<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            String to = message.getAllRecipients()[0].toString();
            for (String[] page : pages(message)) {
                Matcher id = EMAIL_INCIDENT.matcher(page[1]);
                String subject = page[0];
                // An SLA breach notice is a message of its own (once per incident, deadline and person), not a page.
                String kind = subject.startsWith("[SLA BREACH]") ? "/breach " + subject.substring(subject.lastIndexOf(" — ") + 3) : "";
                counts.merge((id.find() ? id.group(1) : "?") + "/" + to.substring(0, to.indexOf('@')) + "/email" + kind, 1, Integer::sum);
            }
        }
        for (PhoneSink.Sms sms : phone.accepted) {
            // A bundled SMS names each page's incident ("#12 [CRITICAL] …; #13 …"); a single one starts "pipekeeper #12 ".
            Matcher id = (sms.body().startsWith("pipekeeper, ") ? BUNDLED_SMS_INCIDENT : SMS_INCIDENT).matcher(sms.body());
            boolean any = false;
            while (id.find()) {
                any = true;
                counts.merge(id.group(1) + "/" + people.getOrDefault(sms.to(), sms.to()) + "/phone", 1, Integer::sum);
            }
            if (!any) {
                counts.merge("?/" + people.getOrDefault(sms.to(), sms.to()) + "/phone", 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * The pages a mail carries, each as {subject, text}: the mail itself, or each page of a bundle (pages that fell due
     * together go as one mail, each part starting with its own subject line).
     */
    private static List<String[]> pages(MimeMessage message) throws Exception {
        Object content = message.getContent();
        String text = content instanceof jakarta.mail.internet.MimeMultipart multipart ? multipart.getBodyPart(0).getContent().toString()
                : GreenMailUtil.getBody(message);
        String subject = message.getSubject();
        if (!subject.matches("\\[pipekeeper\\] \\d+ pages: .*")) {
            return java.util.Collections.singletonList(new String[] {subject, text});
        }
        List<String[]> pages = new java.util.ArrayList<>();
        String[] parts = text.replace("\r\n", "\n").split("\n\n-{40}\n\n");
        for (int i = 0; i < parts.length; i++) {
            String part = i == 0 ? parts[0].substring(parts[0].indexOf("\n\n") + 2) : parts[i]; // the first follows the heading
            int end = part.indexOf('\n');
            pages.add(new String[] {end < 0 ? part : part.substring(0, end), part});
        }
        return pages;
    }

    /** Every step of every incident, each person by email and by phone. */
    static Set<String> expected(List<Long> incidents) {
        Set<String> keys = new java.util.TreeSet<>();
        for (long incident : incidents) {
            for (List<String> step : FaultTeam.STEPS) {
                for (String person : step) {
                    keys.add(incident + "/" + person + "/email");
                    keys.add(incident + "/" + person + "/phone");
                }
            }
        }
        return keys;
    }

    /** Pages whose fate the store cannot know: claimed by a process that was killed before it recorded the answer. */
    static Set<String> inDoubt(List<Outbox.Page> pages) {
        Set<String> keys = new java.util.TreeSet<>();
        for (Outbox.Page page : pages) {
            if (page.status().equals("sending") || page.status().equals("failed")) {
                keys.add(key(page.incidentId(), page.person(), page.via().text()));
            }
        }
        return keys;
    }

    /** A page's key; the outbox names the phone's messages sms and voice, the sinks count them as the person's phone. */
    static String key(long incident, String person, String channel) {
        return incident + "/" + person + "/" + (channel.equals("sms") || channel.equals("voice") ? "phone" : channel);
    }

    static Count count(Set<String> expected, Map<String, Integer> received, Set<String> inDoubt) {
        List<String> problems = new ArrayList<>();
        long lost = 0;
        for (String key : expected) {
            if (!received.containsKey(key) && !inDoubt.contains(key)) {
                lost++;
                if (problems.size() < 3) {
                    problems.add("never sent: " + key);
                }
            }
        }
        long duplicated = 0;
        for (Map.Entry<String, Integer> entry : received.entrySet()) {
            duplicated += entry.getValue() - 1;
            if (entry.getValue() > 1 && problems.size() < 6) {
                problems.add(entry.getValue() + " times: " + entry.getKey());
            }
            String incident = entry.getKey().substring(0, entry.getKey().indexOf('/') + 1);
            boolean ours = expected.stream().anyMatch(key -> key.startsWith(incident));
            if (ours && !expected.contains(entry.getKey()) && !entry.getKey().contains("/breach ") && problems.size() < 9) {
                problems.add("not a step's: " + entry.getKey());
            }
        }
        long delivered = received.keySet().stream().filter(expected::contains).count();
        return new Count(expected.size(), delivered, lost, duplicated, inDoubt.stream().filter(key -> !received.containsKey(key)).count(), problems);
    }
}
