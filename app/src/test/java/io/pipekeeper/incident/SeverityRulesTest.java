package io.pipekeeper.incident;

import io.pipekeeper.signal.Kind;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.signal.Signal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The team's severity_rules, first match wins, before the defaults; and the mistakes validate catches in them. */
class SeverityRulesTest {
    private static final String RULES = """
            severity_rules:
              - {kind: run_failed, subject: unit_profit, severity: major}
              - {kind: [check_failed], check: freshness, severity: major}
              - {kind: anomaly, audience: internal, severity: critical}
              - {kind: schema_drift, audience: investors, severity: major}

            oncall:
            """;

    private static Catalog withRules(String rules) {
        return SeedText.load(SeedText.replace(SeedText.text(), "\noncall:\n", "\n" + rules));
    }

    private static Signal signal(Kind kind, String subject, String evidence) {
        return new Signal(1, kind, subject, Optional.of(LocalDate.of(2026, 11, 7)), kind.text(), evidence, Optional.empty(), Instant.EPOCH);
    }

    @Test
    void the_first_matching_rule_decides_and_a_signal_no_rule_matches_gets_the_defaults() {
        SeverityRules seed = new SeverityRules(SeedText.load(SeedText.text()));
        SeverityRules team = new SeverityRules(withRules(RULES));

        Signal profitFailed = signal(Kind.RUN_FAILED, "unit_profit", "{}");
        assertThat(seed.severityOf(profitFailed)).as("by default: it feeds aggregate_profit, for investors").isEqualTo("critical");
        assertThat(team.severityOf(profitFailed)).isEqualTo("major");
        assertThat(team.severityOf(signal(Kind.RUN_FAILED, "daily_growth", "{}"))).as("another subject").isEqualTo("critical");

        Signal stale = signal(Kind.CHECK_FAILED, "orders", "{\"check\":\"freshness\",\"severity\":\"critical\"}");
        assertThat(team.severityOf(stale)).as("a rule comes before the check's own severity").isEqualTo("major");
        Signal duplicate = signal(Kind.CHECK_FAILED, "orders", "{\"check\":\"unique(order_id)\",\"severity\":\"critical\"}");
        assertThat(team.severityOf(duplicate)).as("another check: no rule matches, its own severity").isEqualTo("critical");

        assertThat(team.severityOf(signal(Kind.SCHEMA_DRIFT, "orders", "{}")))
                .as("orders feed unit_profit, then aggregate_profit, for investors").isEqualTo("major");
        assertThat(team.severityOf(signal(Kind.ANOMALY, "orders", "{\"check\":\"volume\"}")))
                .as("no internal pipeline reads orders: the audience condition fails, the default applies").isEqualTo("minor");
    }

    @Test
    void a_rule_naming_an_unknown_severity_or_subject_is_reported_with_its_place() {
        String text = SeedText.replace(SeedText.text(), "\noncall:\n", "\n" + """
                severity_rules:
                  - {subject: aggregate_engagment, severity: urgent}

                oncall:
                """);
        assertThat(SeedText.problems(text)).extracting(p -> p.path() + ": " + p.message()).containsExactlyInAnyOrder(
                "severity_rules[0].severity: 'urgent' is not one of the severities (critical, major, minor)",
                "severity_rules[0].subject: 'aggregate_engagment' is neither a pipeline nor a source (did you mean 'aggregate_engagement'?)");
    }

    @Test
    void an_unknown_kind_is_refused_by_the_schema() {
        String text = SeedText.replace(SeedText.text(), "\noncall:\n", "\nseverity_rules:\n  - {kind: run_faild, severity: major}\n\noncall:\n");
        assertThat(SeedText.problems(text)).singleElement().satisfies(p -> assertThat(p.path()).hasToString("severity_rules[0].kind"));
    }
}
