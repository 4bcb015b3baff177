package io.pipekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipekeeper.config.SeedText;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** incident open, ack, resolve and sla report, as a responder runs them. */
class IncidentCommandsTest {
    @TempDir
    Path dir;

    private CliRun ok(String... args) {
        CliRun run = CliRun.of(dir, args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    @Test
    void an_incident_answered_by_hand_shows_in_the_sla_report_under_its_responder() {
        SeedText.writeTo(dir);
        assertThat(ok("incident", "open", "--title", "profit numbers look wrong", "--severity", "critical", "--pipeline", "aggregate_profit",
                "--by", "john").out()).startsWith("incident #1 opened [critical]");
        ok("incident", "ack", "1", "--by", "emily");
        ok("incident", "resolve", "1", "--by", "emily", "--note", "re-ran with the late file");
        JsonNode audit = ok("audit", "--json").json().get("entries");
        assertThat(audit).extracting(e -> e.get("actor").asText() + " " + e.get("action").asText() + " " + e.get("target").asText()
                + " from " + e.get("address").asText())
                .containsExactly("john open incident #1 from cli", "emily acknowledge incident #1 from cli", "emily resolve incident #1 from cli");

        JsonNode report = ok("sla", "report", "--json").json();
        assertThat(report.get("overall").get("incidents").asInt()).isEqualTo(1);
        assertThat(report.get("overall").get("respond_within_sla").asDouble()).as("acknowledged within the hour").isEqualTo(1.0);
        assertThat(report.get("by_severity")).extracting(g -> g.get("name").asText()).containsExactly("critical");
        assertThat(report.get("by_subject")).extracting(g -> g.get("name").asText()).containsExactly("aggregate_profit");
        assertThat(report.get("by_responder")).extracting(g -> g.get("name").asText()).containsExactly("emily");
        assertThat(report.get("by_responder").get(0).get("mttr_seconds").asLong()).isGreaterThanOrEqualTo(0);

        String table = ok("sla", "report").out();
        assertThat(table).contains("1 incident(s)", "responded in SLA", "critical", "emily", "100 %");
    }

    @Test
    void two_incidents_of_one_cause_merge_by_hand_and_an_impact_splits_out_again_with_clear_refusals() {
        SeedText.writeTo(dir);
        ok("incident", "open", "--title", "profit looks low", "--severity", "major", "--pipeline", "aggregate_profit", "--by", "john");
        ok("incident", "open", "--title", "growth looks low", "--severity", "critical", "--pipeline", "daily_growth", "--by", "john");

        assertThat(ok("incident", "merge", "1", "2", "--by", "emily").out())
                .startsWith("incident #2 merged into #1 [critical]; 1 impact(s)");
        assertThat(ok("incident", "show", "1").out()).contains("impacts (1)", "daily_growth — growth looks low [critical]", "severity major → critical by emily, for #2 merged in");
        JsonNode merged = ok("incident", "show", "2", "--json").json();
        assertThat(merged.get("status").asText()).isEqualTo("resolved");
        assertThat(merged.get("merged_into").asLong()).isEqualTo(1);

        CliRun self = CliRun.of(dir, "incident", "merge", "1", "1", "--by", "emily");
        assertThat(self.exitCode()).isEqualTo(2);
        assertThat(self.err()).contains("an incident cannot be merged into itself (#1)");
        CliRun missing = CliRun.of(dir, "incident", "merge", "1", "99", "--by", "emily");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no incident #99");
        CliRun resolved = CliRun.of(dir, "incident", "merge", "1", "2", "--by", "emily");
        assertThat(resolved.exitCode()).isEqualTo(2);
        assertThat(resolved.err()).contains("incident #2 is resolved (merged into #1)");
        CliRun own = CliRun.of(dir, "incident", "split", "1", "--subject", "aggregate_profit", "--by", "emily");
        assertThat(own.exitCode()).isEqualTo(2);
        assertThat(own.err()).contains("'aggregate_profit' is incident #1's own cause: splitting it out would leave #1 with nothing");
        CliRun none = CliRun.of(dir, "incident", "split", "1", "--subject", "users", "--by", "emily");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("incident #1 has no impact on 'users'; its impacts are on: daily_growth");

        assertThat(ok("incident", "split", "1", "--subject", "daily_growth", "--by", "emily").out())
                .startsWith("daily_growth split out of #1 into #3 [critical]");
        assertThat(ok("incident", "show", "1", "--json").json().get("impacts")).isEmpty();
        assertThat(ok("incidents", "--json").json().get("incidents")).extracting(i -> i.get("subject").asText())
                .containsExactly("aggregate_profit", "daily_growth");
        assertThat(ok("audit", "--json").json().get("entries")).extracting(e -> e.get("action").asText() + " " + e.get("target").asText())
                .contains("merge incident #1", "split incident #1");

        JsonNode noise = ok("report", "noise", "--json").json();
        assertThat(noise.get("incidents").asInt()).as("opened today: #1, #2 (merged) and #3 (split out)").isEqualTo(3);
        assertThat(noise.get("causes")).extracting(c -> c.get("status").asText()).containsExactly("triggered", "resolved", "triggered");
        assertThat(ok("report", "noise").out()).startsWith("Noise, ").contains("0 signals → 3 incidents → 0 pages");
        CliRun backwards = CliRun.of(dir, "report", "noise", "--from", "2026-12-10", "--to", "2026-12-01");
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).contains("--to: '2026-12-01' is before --from ('2026-12-10')");
    }

    @Test
    void a_range_that_runs_backwards_is_exit_code_2_and_says_so() {
        SeedText.writeTo(dir);
        CliRun run = CliRun.of(dir, "sla", "report", "--from", "2026-11-10", "--to", "2026-11-01");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--to: '2026-11-01' is before --from ('2026-11-10')");
    }

    @Test
    void notify_test_sends_one_email_through_a_real_smtp_server_and_explains_what_it_cannot_do() throws Exception {
        com.icegreen.greenmail.util.GreenMail smtp = new com.icegreen.greenmail.util.GreenMail(
                com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try {
            SeedText.writeTo(dir, SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nchannels:\n  email:\n"
                    + "    smtp: {host: 127.0.0.1, port: " + smtp.getSmtp().getPort() + ", security: none}\n"
                    + "    from: \"pipekeeper <pipekeeper@example.com>\"\n\n"));
            assertThat(ok("notify", "test", "--person", "emily", "--via", "email").out())
                    .startsWith("sent a test page to emily by email at emily@example.com (id ");
            assertThat(smtp.getReceivedMessages()).singleElement().satisfies(m -> assertThat(m.getSubject()).startsWith("pipekeeper test page for "));

            assertThat(ok("incident", "open", "--title", "investors see no growth", "--severity", "critical", "--pipeline", "aggregate_growth",
                    "--by", "michael").out()).matches("incident #1 opened \\[critical\\]; paged \\w+\n");
            JsonNode listed = ok("incidents", "--json").json().get("incidents").get(0);
            assertThat(listed.get("paged")).hasSize(1);
            JsonNode shown = ok("incident", "show", "1", "--json").json();
            assertThat(shown.get("pages")).singleElement().satisfies(page -> {
                assertThat(page.get("channel").asText()).isEqualTo("email");
                assertThat(page.get("status").asText()).isEqualTo("sent");
                assertThat(page.get("person").asText()).isEqualTo(listed.get("paged").get(0).asText());
            });
            assertThat(smtp.getReceivedMessages()).hasSize(2);

            CliRun phone = CliRun.of(dir, "notify", "test", "--person", "emily", "--via", "phone");
            assertThat(phone.exitCode()).isEqualTo(2);
            assertThat(phone.err()).contains("--via: channels.phone is not configured in pipekeeper.yaml");
            CliRun stranger = CliRun.of(dir, "notify", "test", "--person", "emilly", "--via", "email");
            assertThat(stranger.exitCode()).isEqualTo(2);
            assertThat(stranger.err()).contains("--person: 'emilly' is not a person in team.people");
        } finally {
            smtp.stop();
        }
    }
}
