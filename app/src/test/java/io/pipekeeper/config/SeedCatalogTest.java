package io.pipekeeper.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The seed's file is the contract: it validates and means exactly what it says. */
class SeedCatalogTest {
    private final Catalog catalog = SeedText.load(SeedText.text());

    @Test
    void the_team_is_the_seeds_four_people_in_new_york_with_us_holidays() {
        assertThat(catalog.team().name()).isEqualTo("Data Engineering");
        assertThat(catalog.team().timezone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(catalog.team().holidays()).contains(HolidayRegion.parse("US"));
        assertThat(catalog.team().personIds()).containsExactly("john", "emily", "michael", "david");
        Person john = catalog.team().person("john").orElseThrow();
        assertThat(john.email()).isEqualTo("john@example.com");
        assertThat(john.phone()).contains("+15550100001");
        assertThat(john.skills()).contains("experiment-design", "profit-metrics");
    }

    @Test
    void severities_carry_the_seeds_response_and_resolution_times_in_order() {
        assertThat(catalog.severities().keySet()).containsExactly("critical", "major", "minor");
        assertThat(catalog.severities().get("critical")).isEqualTo(Sla.of(Duration.ofHours(1), Duration.ofHours(4)));
        assertThat(catalog.severities().get("major")).isEqualTo(Sla.of(Duration.ofHours(2), Duration.ofHours(8)));
        assertThat(catalog.severities().get("minor")).isEqualTo(Sla.of(Duration.ofHours(4), Duration.ofHours(24)));
    }

    @Test
    void the_rotation_is_four_two_week_pairs_from_monday_30_november_at_nine() {
        Rotation rotation = catalog.oncall().rotation();
        assertThat(rotation.start()).isEqualTo(LocalDateTime.of(2026, 11, 30, 9, 0));
        assertThat(rotation.length()).isEqualTo(Duration.ofDays(14));
        assertThat(rotation.shifts()).containsExactly(
                new Rotation.Pair("john", "emily"), new Rotation.Pair("emily", "michael"),
                new Rotation.Pair("michael", "david"), new Rotation.Pair("david", "john"));
        assertThat(catalog.oncall().holidays().rule()).isEqualTo(HolidayPolicy.Rule.PRIMARY_COVERS);
    }

    @Test
    void escalation_pages_primary_then_secondary_at_half_the_respond_sla_then_the_owners() {
        Sla critical = catalog.severities().get("critical");
        var steps = catalog.oncall().escalation().steps();
        assertThat(catalog.oncall().escalation().repeat()).isZero();
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0).after().of(critical)).isEqualTo(Duration.ZERO);
        assertThat(steps.get(1).after().of(critical)).isEqualTo(Duration.ofMinutes(30));
        assertThat(steps.get(2).after().of(critical)).isEqualTo(Duration.ofHours(1));
        assertThat(steps.get(1).targets()).extracting(Object::toString).containsExactly("secondary");
        assertThat(steps.get(2).targets()).extracting(Object::toString).containsExactly("owners.primary", "owners.secondary");
        assertThat(steps).allSatisfy(step -> assertThat(step.via()).containsExactly("email", "phone"));
    }

    @Test
    void pipelines_keep_their_owners_dependencies_schedules_and_metrics() {
        assertThat(catalog.pipelines().keySet()).containsExactly(
                "unit_profit", "aggregate_profit", "aggregate_growth", "daily_growth", "aggregate_engagement");
        Pipeline aggregateProfit = catalog.pipeline("aggregate_profit");
        assertThat(aggregateProfit.audience()).isEqualTo("investors");
        assertThat(aggregateProfit.owners().primary()).isEqualTo("emily");
        assertThat(aggregateProfit.owners().secondary()).isEqualTo("john");
        assertThat(aggregateProfit.owners().why()).containsKeys("emily", "john");
        assertThat(aggregateProfit.dependsOn()).containsExactly("unit_profit");
        assertThat(aggregateProfit.schedule().cronText()).isEqualTo("0 6 * * *");
        assertThat(aggregateProfit.schedule().deadline()).contains(LocalTime.of(8, 0));
        assertThat(aggregateProfit.metrics()).extracting(Pipeline.Metric::name)
                .containsExactly("revenue", "cost", "profit", "margin", "profit_mtd", "profit_qtd");
        Pipeline engagement = catalog.pipeline("aggregate_engagement");
        assertThat(engagement.metrics().get(5).definition())
                .isEqualTo("mean of (last event − first event) per session, in minutes");
    }

    @Test
    void paths_in_the_file_are_relative_to_its_folder() {
        assertThat(catalog.baseDir()).isEqualTo(catalog.file().getParent());
        assertThat(catalog.file()).isAbsolute();
    }
}
