package io.pipekeeper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.oncall.OnCallStore;
import io.pipekeeper.oncall.Roster;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The on-call report on the seed's first week: john primary and emily secondary from Monday 09:00, three pages to john. */
class OnCallReportTest {
    private static final Catalog SEED = SeedText.load(SeedText.text());
    private static final Roster ROSTER = Roster.of(SEED, OnCallStore.Changes.NONE);
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 30);

    private static Incident acknowledged(long id, Instant opened, Duration after, String by) {
        return new Incident(id, "k" + id, "t", "critical", Incident.Status.ACKNOWLEDGED, "aggregate_profit", "run_failed", Optional.empty(), opened,
                opened.plusSeconds(3600), opened.plusSeconds(14_400), Optional.of(opened.plus(after)), Optional.of(by), Optional.empty(),
                Optional.empty(), 1, "", "", 1, Optional.empty());
    }

    @Test
    void hours_weekends_pages_by_day_and_night_and_the_median_answer_per_person_and_the_spread() {
        Instant wednesday10 = Instant.parse("2026-12-02T15:00:00Z");
        Instant thursday03 = Instant.parse("2026-12-03T08:00:00Z");
        Instant saturday13 = Instant.parse("2026-12-05T18:00:00Z");
        List<OnCallReport.PageAt> pages = List.of(new OnCallReport.PageAt("john", 1, 0, wednesday10), new OnCallReport.PageAt("john", 2, 0, thursday03),
                new OnCallReport.PageAt("john", 3, 0, saturday13), new OnCallReport.PageAt("john", 4, 0, Instant.parse("2026-12-08T15:00:00Z")),
                new OnCallReport.PageAt("emily", 2, 1, thursday03.plusSeconds(1_800)));
        List<Incident> incidents = List.of(acknowledged(1, wednesday10, Duration.ofMinutes(5), "john"),
                acknowledged(2, thursday03, Duration.ofMinutes(20), "john"), acknowledged(3, saturday13, Duration.ofMinutes(10), "john"));

        OnCallReport report = OnCallReport.of(SEED, ROSTER, MONDAY, MONDAY.plusDays(6), pages, incidents);

        OnCallReport.PersonLine john = report.people().stream().filter(p -> p.id().equals("john")).findFirst().orElseThrow();
        assertThat(john.primaryHours()).as("Monday 09:00 to Sunday's end").isEqualTo(159.0);
        assertThat(john.secondaryHours()).isZero();
        assertThat(john.weekendHours()).isEqualTo(48.0);
        assertThat(john.holidayHours()).isZero();
        assertThat(john.pages()).as("the page of next Tuesday is outside the range").isEqualTo(3);
        assertThat(john.pagesOutOfHours()).as("03:00 Thursday and Saturday 13:00").isEqualTo(2);
        assertThat(john.pagesAtNight()).isEqualTo(1);
        assertThat(john.acknowledged()).isEqualTo(3);
        assertThat(john.medianToAcknowledge()).contains(Duration.ofMinutes(10));
        OnCallReport.PersonLine emily = report.people().stream().filter(p -> p.id().equals("emily")).findFirst().orElseThrow();
        assertThat(emily.secondaryHours()).isEqualTo(159.0);
        assertThat(emily.pages()).isEqualTo(1);
        assertThat(emily.pagesAtNight()).isEqualTo(1);
        assertThat(emily.medianToAcknowledge()).isEmpty();
        assertThat(report.spread().get("primary_hours")).isEqualTo(159.0);
        assertThat(report.spread().get("pages")).isEqualTo(3.0);

        assertThat(report.line("john")).isEqualTo("john: 159 h primary, 0 h secondary, 3 page(s) (2 out of working hours, 1 at night), 3 acknowledged, median 10m");
        assertThat(report.csv().lines().toList()).hasSize(5).first().asString().startsWith("person,name,from,to,primary_hours");
        assertThat(report.csv()).contains("john,John,2026-11-30,2026-12-06,159.00,0.00,48.00,0.00,3,2,1,3,10.00\n");
    }

    @Test
    void a_name_a_spreadsheet_would_run_as_a_formula_is_defused_and_commas_are_quoted() {
        assertThat(OnCallReport.quoted("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(OnCallReport.quoted("Ruiz, Ana")).isEqualTo("\"Ruiz, Ana\"");
        assertThat(OnCallReport.quoted("John")).isEqualTo("John");
    }
}
