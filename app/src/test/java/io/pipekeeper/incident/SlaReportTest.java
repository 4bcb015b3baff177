package io.pipekeeper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** MTTA, MTTR and the share within SLA, from incidents whose times are set by hand. */
class SlaReportTest {
    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final Instant NOW = Instant.parse("2026-11-10T20:00:00Z");

    private static Incident incident(long id, String severity, String subject, String opened, Duration respond, Duration resolve,
                                     String ackAt, String ackBy, String resolvedAt, String resolvedBy) {
        Instant open = Instant.parse(opened);
        Optional<Instant> resolved = Optional.ofNullable(resolvedAt).map(Instant::parse);
        Incident.Status status = resolved.isPresent() ? Incident.Status.RESOLVED
                : ackAt != null ? Incident.Status.ACKNOWLEDGED : Incident.Status.TRIGGERED;
        return new Incident(id, subject + "|run_failed|", subject + " failed", severity, status, subject, "run_failed", Optional.empty(),
                open, open.plus(respond), open.plus(resolve), Optional.ofNullable(ackAt).map(Instant::parse), Optional.ofNullable(ackBy),
                resolved, Optional.ofNullable(resolvedBy), 1, "", "", 0, Optional.empty());
    }

    private static final List<Incident> INCIDENTS = List.of(
            incident(1, "critical", "aggregate_profit", "2026-11-09T15:00:00Z", Duration.ofHours(1), Duration.ofHours(4),
                    "2026-11-09T15:30:00Z", "john", "2026-11-09T17:00:00Z", "john"),
            incident(2, "critical", "daily_growth", "2026-11-09T16:00:00Z", Duration.ofHours(1), Duration.ofHours(4),
                    "2026-11-09T18:00:00Z", "mary", "2026-11-09T21:00:00Z", "mary"),
            incident(3, "major", "daily_engagement", "2026-11-10T19:00:00Z", Duration.ofHours(2), Duration.ofHours(8),
                    null, null, null, null),
            incident(4, "minor", "events", "2026-11-09T14:00:00Z", Duration.ofHours(4), Duration.ofHours(24),
                    null, null, "2026-11-09T14:20:00Z", "pipekeeper"),
            incident(5, "critical", "aggregate_profit", "2026-11-01T15:00:00Z", Duration.ofHours(1), Duration.ofHours(4),
                    null, null, null, null));

    private static final SlaReport REPORT = SlaReport.of(INCIDENTS, LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 10), ZONE, NOW);

    @Test
    void critical_incidents_average_their_answers_and_count_each_missed_deadline() {
        SlaReport.Group critical = REPORT.bySeverity().stream().filter(g -> g.name().equals("critical")).findFirst().orElseThrow();
        assertThat(critical.incidents()).as("#5 opened before --from").isEqualTo(2);
        assertThat(critical.mtta()).contains(Duration.ofMinutes(75));
        assertThat(critical.mttr()).contains(Duration.ofMinutes((120 + 300) / 2));
        assertThat(critical.respondShare().getAsDouble()).isEqualTo(0.5);
        assertThat(critical.resolveShare().getAsDouble()).isEqualTo(0.5);
        assertThat(critical.breaches()).as("#2 answered late and resolved late").isEqualTo(2);
    }

    @Test
    void a_clock_still_running_counts_neither_for_nor_against() {
        SlaReport.Group major = REPORT.bySeverity().stream().filter(g -> g.name().equals("major")).findFirst().orElseThrow();
        assertThat(major.incidents()).isEqualTo(1);
        assertThat(major.mtta()).isEmpty();
        assertThat(major.respondShare()).isEmpty();
        assertThat(major.breaches()).isZero();
    }

    @Test
    void a_problem_that_went_away_is_answered_when_it_resolved_and_credited_to_pipekeeper() {
        SlaReport.Group minor = REPORT.bySeverity().stream().filter(g -> g.name().equals("minor")).findFirst().orElseThrow();
        assertThat(minor.mtta()).contains(Duration.ofMinutes(20));
        assertThat(REPORT.byResponder()).extracting(SlaReport.Group::name).containsExactly("(nobody)", "john", "mary", "pipekeeper");
        assertThat(REPORT.bySubject()).extracting(SlaReport.Group::name)
                .containsExactly("aggregate_profit", "daily_engagement", "daily_growth", "events");
        assertThat(REPORT.overall().incidents()).isEqualTo(4);
        assertThat(REPORT.overall().respondShare().getAsDouble()).isEqualTo(2.0 / 3);
    }
}
