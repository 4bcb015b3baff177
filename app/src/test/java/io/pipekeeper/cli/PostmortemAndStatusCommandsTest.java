package io.pipekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipekeeper.config.SeedText;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** incident postmortem (draft, save, edit from a file, HTML) and status, as people run them; bad input exits 2. */
class PostmortemAndStatusCommandsTest {
    @TempDir
    Path dir;

    private CliRun ok(String... args) {
        CliRun run = CliRun.of(dir, args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    private CliRun refused(String... args) {
        CliRun run = CliRun.of(dir, args);
        assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
        return run;
    }

    @Test
    void a_postmortem_is_drafted_saved_edited_and_linked_from_the_runbook_of_the_same_check() throws Exception {
        SeedText.writeTo(dir);
        ok("incident", "open", "--title", "profit numbers look wrong", "--severity", "critical", "--pipeline", "aggregate_profit", "--by", "john");
        ok("incident", "ack", "1", "--by", "emily");
        ok("incident", "resolve", "1", "--by", "emily", "--note", "re-ran with the late file");

        String draft = ok("incident", "postmortem", "1").out();
        assertThat(draft).startsWith("# Postmortem: #1 profit numbers look wrong\n")
                .contains("## Summary", "- Acknowledged: ", "by emily", "## Impact", "- Investor metrics affected: aggregate_profit.revenue",
                        "## Timeline", "| opened by john: profit numbers look wrong | john |", "## Response against the SLA",
                        "| Acknowledge | 1h |", "## People", "- Helped: john, emily.", "## Causes", "## Follow-up actions", "- [ ] _action_");
        assertThat(ok("runbook", "aggregate_profit").out()).as("nothing saved yet: nothing to link").doesNotContain("Past postmortems");

        refused("incident", "postmortem", "1", "--save");
        assertThat(refused("incident", "postmortem", "9", "--save", "--by", "emily").err()).contains("no incident #9");
        assertThat(refused("incident", "postmortem", "1", "--format", "pdf").err()).contains("--format: 'pdf' is not a format; use md or html");
        Path blank = Files.writeString(dir.resolve("blank.md"), "  \n");
        assertThat(refused("incident", "postmortem", "1", "--from", blank.toString(), "--by", "emily").err())
                .contains("the postmortem of #1 is empty");

        assertThat(ok("incident", "postmortem", "1", "--save", "--by", "emily").out()).startsWith("postmortem of incident #1 saved by emily");
        Path edited = Files.writeString(dir.resolve("pm.md"), draft.replace("_What failed, and why was that possible? Ask why until the answer is"
                + " something the team can change._", "The costs file came after the run; nothing waited for it.") + "\n<script>alert(1)</script>\n");
        ok("incident", "postmortem", "1", "--from", edited.toString(), "--by", "emily");
        assertThat(ok("incident", "postmortem", "1").out()).as("the saved text, not a new draft")
                .contains("The costs file came after the run; nothing waited for it.");
        assertThat(ok("incident", "postmortem", "1", "--draft").out()).doesNotContain("The costs file came after the run");
        String html = ok("incident", "postmortem", "1", "--format", "html").out();
        assertThat(html).startsWith("<!doctype html>").contains("<h2>Causes</h2>", "<table>", "&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>");

        assertThat(ok("runbook", "aggregate_profit").out()).contains("- Past postmortems:", "  - #1 (`pipekeeper incident postmortem 1`) on ",
                ": profit numbers look wrong");
        assertThat(ok("incident", "show", "1").out()).contains("postmortem saved by emily");
    }

    @Test
    void status_says_what_an_audience_sees_and_an_unknown_audience_is_refused() {
        SeedText.writeTo(dir);
        ok("incident", "open", "--title", "john says the join doubled rows", "--severity", "critical", "--pipeline", "aggregate_profit", "--by", "john");
        String text = ok("status", "investors").out();
        assertThat(text).contains("Metrics status for investors: under investigation", "Aggregate profit", "under investigation",
                "! Aggregate profit: a problem is being looked into, since", "last 30 days: ").doesNotContain("john", "join");
        JsonNode json = ok("status", "investors", "--json").json();
        assertThat(json.get("state").asText()).isEqualTo("under investigation");
        assertThat(json.get("metrics")).extracting(m -> m.get("id").asText()).containsExactly("aggregate_profit", "aggregate_growth", "aggregate_engagement");
        assertThat(json.get("days")).hasSize(30);
        assertThat(refused("status", "board").err()).contains("no pipeline has audience 'board'; the audiences are experiments, investors");
    }

    @Test
    void the_on_call_report_as_a_table_json_and_csv_and_feedback_counted_in_the_noise_report() {
        SeedText.writeTo(dir);
        ok("incident", "open", "--title", "engagement dips at 02:00", "--severity", "minor", "--pipeline", "aggregate_engagement", "--by", "john");
        assertThat(ok("incident", "feedback", "1", "--noise", "--by", "john").out()).isEqualTo("incident #1: john called the page noise\n");
        refused("incident", "feedback", "1", "--noise", "--useful", "--by", "john");
        assertThat(refused("incident", "feedback", "7", "--noise", "--by", "john").err()).contains("no incident #7");
        assertThat(ok("report", "noise").out()).contains("useful", "noise");
        JsonNode noise = ok("report", "noise", "--json").json();
        assertThat(noise.get("causes").get(0).get("noise").asInt()).isEqualTo(1);
        assertThat(noise.get("causes").get(0).get("useful").asInt()).isZero();

        String table = ok("oncall", "report", "--from", "2026-11-30", "--to", "2026-12-06").out();
        assertThat(table).startsWith("on-call load from 2026-11-30 to 2026-12-06").contains("john", "159.0", "spread");
        String csv = ok("oncall", "report", "--from", "2026-11-30", "--to", "2026-12-06", "--csv").out();
        assertThat(csv.lines().toList()).hasSize(5);
        assertThat(csv).contains("john,John,2026-11-30,2026-12-06,159.00,0.00,48.00,0.00,");
        JsonNode json = ok("oncall", "report", "--from", "2026-11-30", "--to", "2026-12-06", "--json").json();
        assertThat(json.get("people")).extracting(p -> p.get("id").asText()).containsExactly("john", "emily", "michael", "david");
        assertThat(json.get("spread").get("primary_hours").asDouble()).isEqualTo(159.0);
        assertThat(refused("oncall", "report", "--csv", "--json").err()).contains("choose one");
        assertThat(refused("oncall", "report", "--from", "2026-12-06", "--to", "2026-11-30").err()).contains("is before --from");
    }
}
