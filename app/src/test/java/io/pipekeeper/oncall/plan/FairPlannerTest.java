package io.pipekeeper.oncall.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.oncall.Fairness;
import io.pipekeeper.oncall.Holiday;
import io.pipekeeper.oncall.OnCallStore;
import io.pipekeeper.oncall.Roster;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FairPlannerTest {
    private static final FairPlanner PLANNER = new FairPlanner();
    private static final LocalDate FROM = LocalDate.of(2027, 1, 4);
    private static final LocalDate TO = LocalDate.of(2027, 12, 31);

    @ParameterizedTest(name = "seed {0}: {1} people, {2}-week shifts, up to {3} time-offs each")
    @CsvSource({"1, 5, 1, 2", "2, 5, 2, 1", "3, 12, 1, 10", "4, 12, 2, 10", "5, 25, 1, 10", "6, 40, 1, 10", "7, 40, 2, 10", "8, 8, 1, 6", "9, 100, 1, 10"})
    void hard_rules_hold_on_random_teams_with_time_off(long seed, int people, int weeks, int timeOffs) {
        Catalog catalog = RandomTeams.team(seed, people, weeks, timeOffs);
        Roster roster = Roster.of(catalog, OnCallStore.Changes.NONE);

        FairPlanner.Proposal proposal = PLANNER.plan(roster, FROM, TO, FROM);

        assertThat(proposal.feasible()).as(proposal.score()).isTrue();
        List<FairPlanner.PlannedShift> shifts = proposal.shifts();
        assertThat(shifts).hasSize((int) Math.ceil(52.0 / weeks));
        for (int i = 0; i < shifts.size(); i++) {
            FairPlanner.PlannedShift shift = shifts.get(i);
            assertThat(shift.primary()).isNotEqualTo(shift.secondary());
            assertThat(roster.schedule().isAwayDuring(shift.primary(), shift.start(), shift.end()))
                    .as("%s is primary of shift %d while on time off", shift.primary(), i).isFalse();
            assertThat(roster.schedule().isAwayDuring(shift.secondary(), shift.start(), shift.end()))
                    .as("%s is secondary of shift %d while on time off", shift.secondary(), i).isFalse();
            if (i > 0) {
                assertThat(shift.primary()).as("primary twice in a row at shift %d", i).isNotEqualTo(shifts.get(i - 1).primary());
                assertThat(shift.start()).isEqualTo(shifts.get(i - 1).end());
            }
        }
    }

    @ParameterizedTest(name = "seed {0}: {1} people, {2}-week shifts")
    @CsvSource({"11, 5, 1", "12, 5, 2", "13, 12, 1", "14, 40, 1", "15, 7, 2"})
    void without_time_off_every_spread_is_within_one_shifts_worth(long seed, int people, int weeks) {
        Roster roster = Roster.of(RandomTeams.team(seed, people, weeks, 0), OnCallStore.Changes.NONE);

        FairPlanner.Proposal proposal = PLANNER.plan(roster, FROM, TO, FROM);

        Duration shift = Duration.ofDays(7L * weeks);
        Fairness fairness = proposal.fairness();
        assertThat(fairness.spread().get("primary_hours")).as("primary hours")
                .isLessThanOrEqualTo(shift.toHours() + 2.0);
        assertThat(fairness.spread().get("secondary_hours")).as("secondary hours")
                .isLessThanOrEqualTo(shift.toHours() + 2.0);
        assertThat(fairness.spread().get("primary_weekend_days")).isLessThanOrEqualTo(2.0 * weeks);
        int mostHolidaysInOneShift = proposal.shifts().stream().mapToInt(s -> s.holidays().size()).max().orElse(0);
        assertThat(fairness.spread().get("primary_holidays")).isLessThanOrEqualTo(mostHolidaysInOneShift);
    }

    @Test
    void a_planner_out_of_time_still_gives_every_shift_two_people() {
        Roster roster = Roster.of(RandomTeams.team(31, 60, 1, 4), OnCallStore.Changes.NONE);

        FairPlanner.Proposal proposal = new FairPlanner(Duration.ofMillis(1)).plan(roster, FROM, TO, FROM);

        assertThat(proposal.shifts()).hasSize(52).allSatisfy(shift -> {
            assertThat(shift.primary()).isNotNull();
            assertThat(shift.secondary()).isNotNull().isNotEqualTo(shift.primary());
        });
    }

    @Test
    void on_a_team_in_three_countries_each_persons_own_holidays_are_balanced() {
        Roster roster = Roster.of(RandomTeams.team(21, 12, 1, 0, List.of("US", "DE-BY", "FR")), OnCallStore.Changes.NONE);

        FairPlanner.Proposal proposal = PLANNER.plan(roster, FROM, TO, FROM);

        assertThat(proposal.feasible()).as(proposal.score()).isTrue();
        for (FairPlanner.PlannedShift shift : proposal.shifts()) {
            // A shift lists the holidays its primary keeps: Bavaria's for p1, France's for p2, the team's (US) for p0.
            List<Holiday> own = roster.holidaysOf(shift.primary()).between(shift.start().atZone(roster.zone()).toLocalDate().minusDays(1),
                    shift.end().atZone(roster.zone()).toLocalDate());
            assertThat(own).containsAll(shift.holidays());
        }
        // Each calendar has a shift with two or three of its holidays in it; the planner spreads them within that.
        int mostInOneShift = 0;
        for (String person : roster.people()) {
            for (FairPlanner.PlannedShift shift : proposal.shifts()) {
                long count = roster.holidaysOf(person).between(shift.start().atZone(roster.zone()).toLocalDate(),
                        shift.end().atZone(roster.zone()).toLocalDate()).size();
                mostInOneShift = (int) Math.max(mostInOneShift, count);
            }
        }
        assertThat(proposal.fairness().spread().get("primary_holidays")).isLessThanOrEqualTo(mostInOneShift);
        Fairness rotation = Fairness.of(roster, FROM, TO);
        assertThat(proposal.fairness().spread().get("primary_holidays")).isLessThan(rotation.spread().get("primary_holidays"));
    }

    @Test
    void the_ledger_hands_next_years_christmas_to_someone_who_had_none() {
        Catalog seed = SeedText.load(SeedText.text());
        Roster roster = Roster.of(seed, OnCallStore.Changes.NONE);
        // The seed's rotation gives Christmas 2026 and New Year 2027 (primary) to emily and michael.
        Fairness lastYear = Fairness.of(roster, LocalDate.of(2026, 11, 30), LocalDate.of(2027, 11, 28));
        FairPlanner.Proposal proposal = PLANNER.plan(roster, LocalDate.of(2027, 11, 29), LocalDate.of(2028, 1, 23),
                LocalDate.of(2026, 11, 30));

        assertThat(proposal.feasible()).isTrue();
        FairPlanner.PlannedShift christmas = proposal.shifts().stream()
                .filter(s -> s.holidays().stream().anyMatch(h -> h.name().equals("Christmas")))
                .findFirst().orElseThrow();
        int fewest = lastYear.people().stream().mapToInt(Fairness.PersonShare::primaryHolidays).min().orElseThrow();
        Fairness.PersonShare christmasPrimary = lastYear.people().stream()
                .filter(p -> p.id().equals(christmas.primary())).findFirst().orElseThrow();
        assertThat(christmasPrimary.primaryHolidays()).as("Christmas 2027 goes to someone with the fewest holidays so far")
                .isEqualTo(fewest);
        assertThat(proposal.fairness().spread().get("primary_holidays")).isLessThanOrEqualTo(
                lastYear.spread().get("primary_holidays"));
    }

    @Test
    void where_balance_costs_nothing_the_configured_pair_order_is_kept() {
        Roster roster = Roster.of(SeedText.load(SeedText.text()), OnCallStore.Changes.NONE);
        // Sixteen weeks without holidays from the start: four people, eight turns, the rotation is already fair.
        FairPlanner.Proposal proposal = PLANNER.plan(roster, LocalDate.of(2027, 1, 11), LocalDate.of(2027, 4, 30),
                LocalDate.of(2027, 1, 11));
        assertThat(proposal.shifts()).extracting(s -> s.primary() + "/" + s.secondary()).startsWith(
                "david/john", "john/emily", "emily/michael", "michael/david");
        assertThat(proposal.explanation()).isNotEmpty().anyMatch(line -> line.startsWith("primary shifts are balanced"));
    }
}
