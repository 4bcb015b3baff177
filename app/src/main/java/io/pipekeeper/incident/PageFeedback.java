package io.pipekeeper.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Whether a page was worth it, as the people it reached say: useful, or noise. One answer per person and incident
 * (the latest stands), written on the incident's timeline. A check whose pages were called noise
 * {@value #NOISY_TIMES} times or more in {@link #NOISY_WINDOW} is named in the hand-off mail, with what to change.
 * The {@code page_feedback} table is written here alone.
 */
public final class PageFeedback {
    static final int NOISY_TIMES = 3;
    static final Duration NOISY_WINDOW = Duration.ofDays(30);

    private final Jdbi jdbi;

    public PageFeedback(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What a person said of a page. */
    public enum Verdict {
        USEFUL, NOISE;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A check (or a kind of problem, for a subject) whose pages were called noise often, and how often. */
    public record NoisyCheck(String subject, String check, int times) {
        /** What to change, as the hand-off mail suggests it. */
        public String suggestion() {
            return subject + " " + check + ": its pages were marked noise " + times + " times in the last " + NOISY_WINDOW.toDays()
                    + " days; raise its threshold, lower its severity (severity_rules), or put its known bad times in a maintenance window";
        }
    }

    /** Records {@code person}'s answer about incident {@code id}'s page, replacing an earlier one; refused for an incident that is not there. */
    public void record(long id, String person, Verdict verdict, Instant now) {
        jdbi.useTransaction(handle -> {
            if (IncidentStore.byId(handle, id).isEmpty()) {
                throw new IncidentActions.Refused("no incident #" + id + "; see 'pipekeeper incidents --status all'");
            }
            if (handle.createUpdate("UPDATE page_feedback SET verdict = :v, at = :at WHERE incident_id = :i AND person = :p").bind("v", verdict.text())
                    .bind("at", IncidentStore.utc(now)).bind("i", id).bind("p", person).execute() == 0) {
                handle.createUpdate("INSERT INTO page_feedback (incident_id, person, verdict, at) VALUES (:i, :p, :v, :at)").bind("i", id)
                        .bind("p", person).bind("v", verdict.text()).bind("at", IncidentStore.utc(now)).execute();
            }
            IncidentStore.event(handle, id, now, "feedback", person, person + " said the page was " + (verdict == Verdict.NOISE ? "noise" : "useful"));
        });
    }

    /** How many people called incident {@code id}'s page useful, and how many noise. */
    public Map<Verdict, Integer> of(long id) {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict verdict : Verdict.values()) {
            counts.put(verdict, 0);
        }
        jdbi.useHandle(handle -> handle.createQuery("SELECT verdict, count(*) AS n FROM page_feedback WHERE incident_id = :i GROUP BY verdict")
                .bind("i", id).map((rs, ctx) -> Map.entry(Verdict.valueOf(rs.getString("verdict").toUpperCase(Locale.ROOT)), rs.getInt("n")))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue())));
        return counts;
    }

    /** The checks whose pages were called noise {@value #NOISY_TIMES} times or more in the 30 days up to {@code now}, most often first. */
    public List<NoisyCheck> noisy(Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT i.subject, CASE WHEN COALESCE(i.check_name, '') = '' THEN i.kind ELSE i.check_name END AS what, count(*) AS n
                        FROM page_feedback f JOIN incidents i ON i.id = f.incident_id
                        WHERE f.verdict = 'noise' AND f.at > :since
                        GROUP BY i.subject, CASE WHEN COALESCE(i.check_name, '') = '' THEN i.kind ELSE i.check_name END
                        HAVING count(*) >= :most ORDER BY n DESC, i.subject
                        """).bind("since", IncidentStore.utc(now.minus(NOISY_WINDOW))).bind("most", NOISY_TIMES)
                .map((rs, ctx) -> new NoisyCheck(rs.getString("subject"), rs.getString("what"), rs.getInt("n"))).list());
    }
}
