package io.pipekeeper.notify;

/**
 * One message to queue, rendered already: what the incident side decides and hands down; the outbox neither knows
 * incidents nor renders anything.
 *
 * @param incidentId null for mail about no one incident (the hand-off report)
 * @param step       the escalation step it belongs to (0, 1, …): for a notice, the step whose page it is about, else 0
 * @param person     a person's id, or {@link #TEAM} for the team's channels
 * @param priority   held messages go out lowest first: a page's is its severity's rank (0 the most severe)
 */
public record PageRequest(Long incidentId, Notice notice, int step, String person, Via via, String address, String subject, String body,
                          int priority) {
    /** The outbox's "person" for a message to the whole team (Slack, the webhook). */
    public static final String TEAM = "team";
    /** The priority of a message that is not a page: after every page held with it. */
    public static final int NOTICE = 100;

    /** A message of {@link #NOTICE} priority. */
    public PageRequest(Long incidentId, Notice notice, int step, String person, Via via, String address, String subject, String body) {
        this(incidentId, notice, step, person, via, address, subject, body, NOTICE);
    }

    public PageRequest {
        if (step < 0) {
            throw new IllegalArgumentException("escalation steps count from 0: " + step);
        }
    }
}
