package io.pipekeeper.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.pipeline.Run;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an audience's status page says, from runs and incidents: states by the deadline, plain words, the 30-day strip. */
class StatusReportTest {
    private static final Catalog SEED = SeedText.load(SeedText.text());
    /** Wednesday 10:00 in New York: every investor pipeline's 08:00 deadline has passed, so Tuesday's data is due. */
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    private static Run run(String pipeline, LocalDate date, Run.Status status) {
        Instant finished = date.plusDays(1).atTime(7, 0).atZone(SEED.team().timezone()).toInstant();
        return new Run(0, pipeline, date, status, 1, finished.minusSeconds(60), Optional.of(finished), 60_000, 50_000, 0, 10, 10, 100,
                Optional.empty(), Optional.empty(), "duckdb");
    }

    private static List<Run> everyDay(String pipeline, LocalDate... skipped) {
        List<Run> runs = new ArrayList<>();
        for (LocalDate date = TODAY.minusDays(31); date.isBefore(TODAY); date = date.plusDays(1)) {
            if (!List.of(skipped).contains(date)) {
                runs.add(run(pipeline, date, Run.Status.SUCCEEDED));
            }
        }
        return runs;
    }

    private static Incident incident(long id, String kind, String subject, Instant opened, Optional<Instant> resolved) {
        return new Incident(id, "k" + id, "the join in unit_profit.sql doubled rows; john is on it", "critical",
                resolved.isPresent() ? Incident.Status.RESOLVED : Incident.Status.TRIGGERED, subject, kind, Optional.of(TODAY.minusDays(1)), opened,
                opened.plusSeconds(3600), opened.plusSeconds(14_400), Optional.empty(), Optional.empty(), resolved, resolved.map(r -> "john"), 1,
                "", "", 1, Optional.empty());
    }

    @Test
    void every_metric_up_to_date_is_a_green_page_and_a_green_strip() {
        List<Run> runs = new ArrayList<>();
        List.of("aggregate_profit", "aggregate_growth", "aggregate_engagement").forEach(p -> runs.addAll(everyDay(p)));
        StatusReport report = StatusReport.of(SEED, "investors", "Metrics", runs, List.of(), NOW);
        assertThat(report.state()).isEqualTo(StatusReport.State.UP_TO_DATE);
        assertThat(report.metrics()).extracting(m -> m.name() + " " + m.state().text() + " " + m.dataDate().orElseThrow())
                .containsExactly("Aggregate profit up to date 2026-12-01", "Aggregate growth up to date 2026-12-01",
                        "Aggregate engagement up to date 2026-12-01");
        assertThat(report.days()).hasSize(30).allSatisfy(day -> assertThat(day.state()).isEqualTo("ok"));
        assertThat(report.days().get(29).date()).isEqualTo(TODAY);
        assertThat(report.notices()).isEmpty();
    }

    @Test
    void data_missing_after_the_deadline_is_late_and_an_open_incident_is_under_investigation_in_plain_words() {
        List<Run> runs = new ArrayList<>(everyDay("aggregate_profit"));
        runs.addAll(everyDay("aggregate_growth", TODAY.minusDays(1)));
        runs.addAll(everyDay("aggregate_engagement", LocalDate.of(2026, 11, 20)));
        Instant opened = NOW.minusSeconds(7_200);
        Instant lastWeek = NOW.minusSeconds(7 * 86_400);
        StatusReport report = StatusReport.of(SEED, "investors", "Metrics", runs, List.of(
                new StatusReport.Touching(incident(7, "check_failed", "aggregate_profit", opened, Optional.empty()), List.of()),
                new StatusReport.Touching(incident(8, "run_failed", "aggregate_engagement", lastWeek, Optional.of(lastWeek.plusSeconds(3_600))), List.of())),
                NOW);
        assertThat(report.state()).isEqualTo(StatusReport.State.UNDER_INVESTIGATION);
        assertThat(report.metrics()).extracting(m -> m.name() + " " + m.state().text()).containsExactly("Aggregate profit under investigation",
                "Aggregate growth late", "Aggregate engagement up to date");
        assertThat(report.notices()).containsExactly("Aggregate profit: the numbers for 2026-12-01 are being checked and may change, since Wed 2026-12-02 08:00 EST.");
        assertThat(report.notices()).noneMatch(n -> n.contains("john") || n.contains("join") || n.contains(".sql"));
        assertThat(report.days().get(29).state()).as("today: an incident is open").isEqualTo("incident");
        assertThat(report.days()).filteredOn(d -> d.date().equals(LocalDate.of(2026, 11, 25))).extracting(StatusReport.Day::state)
                .as("the day of last week's incident").containsExactly("incident");
        assertThat(report.days()).filteredOn(d -> d.date().equals(LocalDate.of(2026, 11, 21))).extracting(StatusReport.Day::text)
                .containsExactly("2026-11-21: the data of 2026-11-20 never complete for Aggregate engagement");
    }

    @Test
    void before_the_deadline_the_day_befores_data_is_not_late_yet() {
        List<Run> runs = new ArrayList<>();
        List.of("aggregate_profit", "aggregate_growth", "aggregate_engagement").forEach(p -> runs.addAll(everyDay(p, TODAY.minusDays(1))));
        Instant early = Instant.parse("2026-12-02T11:00:00Z"); // 06:00 in New York
        assertThat(StatusReport.of(SEED, "investors", "Metrics", runs, List.of(), early).state()).isEqualTo(StatusReport.State.UP_TO_DATE);
        assertThat(StatusReport.of(SEED, "investors", "Metrics", runs, List.of(), NOW).state()).isEqualTo(StatusReport.State.LATE);
    }
}
