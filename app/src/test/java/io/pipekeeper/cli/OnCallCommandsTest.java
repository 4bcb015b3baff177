package io.pipekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipekeeper.config.SeedText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-call commands on the seed's team, as a user runs them. */
class OnCallCommandsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void writeSeed() {
        SeedText.writeTo(dir);
    }

    private CliRun run(String... args) {
        return CliRun.of(dir, args);
    }

    @Test
    void now_as_json_names_the_pair_the_turn_and_the_holiday() {
        CliRun run = run("oncall", "now", "--at", "2026-12-25T12:00", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("at").asText()).isEqualTo("2026-12-25T17:00:00Z");
        assertThat(json.get("primary").asText()).isEqualTo("emily");
        assertThat(json.get("secondary").asText()).isEqualTo("michael");
        assertThat(json.get("source").asText()).isEqualTo("rotation");
        assertThat(json.get("shift").get("index").asInt()).isEqualTo(1);
        assertThat(json.get("shift").get("start").asText()).isEqualTo("2026-12-14T14:00:00Z");
        assertThat(json.get("shift").get("end").asText()).isEqualTo("2026-12-28T14:00:00Z");
        assertThat(json.get("holiday").asText()).isEqualTo("Christmas");
        assertThat(run("oncall", "now", "--at", "2026-12-25T17:00:00Z", "--json").out()).isEqualTo(run.out());
        assertThat(run("oncall", "now", "--at", "2026-12-25T12:00-05:00", "--json").out()).isEqualTo(run.out());
    }

    @Test
    void a_time_that_is_not_a_time_is_exit_code_2_with_the_forms_that_work() {
        CliRun run = run("oncall", "now", "--at", "christmas");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("pipekeeper: --at: 'christmas' is not a time; write 2026-12-25T12:00 (in America/New_York),"
                + " 2026-12-25T12:00-05:00 or 2026-12-25T17:00:00Z\n");
        CliRun backwards = run("oncall", "schedule", "--from", "2027-01-10", "--to", "2027-01-01");
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).contains("--to: '2027-01-01' is before --from ('2027-01-10')");
    }

    @Test
    void schedule_as_json_cuts_at_each_change_and_marks_holidays() {
        CliRun run = run("oncall", "schedule", "--from", "2026-12-01", "--to", "2027-01-31", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode segments = run.json().get("segments");
        assertThat(segments).hasSize(5);
        assertThat(segments.get(1).get("start").asText()).isEqualTo("2026-12-14T14:00:00Z");
        assertThat(segments.get(1).get("primary").asText()).isEqualTo("emily");
        assertThat(segments.get(1).get("holidays").get(0).get("date").asText()).isEqualTo("2026-12-25");
        assertThat(segments.get(1).get("holidays").get(0).get("name").asText()).isEqualTo("Christmas");
        assertThat(segments.get(4).get("end").asText()).isEqualTo("2027-02-01T05:00:00Z");
    }

    @Test
    void the_calendar_feed_is_read_by_khal_without_a_warning() throws Exception {
        assumeThat(Path.of("/usr/bin/khal")).as("khal is installed (apt-get install khal; .ci/run installs it)").exists();
        CliRun run = run("oncall", "schedule", "--from", "2026-12-01", "--to", "2027-01-31", "--format", "ics");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("BEGIN:VCALENDAR").contains("BEGIN:VTIMEZONE", "TZID:America/New_York",
                "DTSTART;TZID=America/New_York:20261214T090000", "Holidays: 2026-12-25 Christmas");
        Path ics = Files.writeString(dir.resolve("oncall.ics"), run.out());
        Path config = Files.writeString(dir.resolve("khal.conf"), String.join("\n",
                "[calendars]", "[[oncall]]", "path = " + dir.resolve("cal"), "type = calendar",
                "[locale]", "timeformat = %H:%M", "dateformat = %Y-%m-%d", "longdateformat = %Y-%m-%d",
                "datetimeformat = %Y-%m-%d %H:%M", "longdatetimeformat = %Y-%m-%d %H:%M",
                "default_timezone = America/New_York", "local_timezone = America/New_York",
                "[sqlite]", "path = " + dir.resolve("khal.db"), ""));
        Files.createDirectories(dir.resolve("cal"));
        Process khal = new ProcessBuilder("khal", "-c", config.toString(), "printics", ics.toString())
                .redirectErrorStream(true).start();
        String output = new String(khal.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(khal.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(khal.exitValue()).as(output).isZero();
        assertThat(output).startsWith("10 events found in ").doesNotContainIgnoringCase("warning").doesNotContain("Traceback");
        assertThat(output).contains("2026-12-14 09:00-2026-12-28 09:00 emily: primary on call (Data Engineering)");
    }

    @Test
    void one_persons_calendar_holds_only_their_shifts() {
        CliRun run = run("oncall", "schedule", "--from", "2026-12-01", "--to", "2027-01-31", "--format", "ics", "--person", "david");
        assertThat(run.exitCode()).isZero();
        List<String> summaries = run.out().lines().filter(l -> l.startsWith("SUMMARY:")).collect(Collectors.toList());
        assertThat(summaries).containsExactly("SUMMARY:david: secondary on call (Data Engineering)",
                "SUMMARY:david: primary on call (Data Engineering)");
        assertThat(run("oncall", "schedule", "--person", "davd").err()).contains("(did you mean 'david'?)");
    }

    @Test
    void fairness_as_json_gives_each_persons_share_and_the_spreads() {
        CliRun run = run("oncall", "fairness", "--from", "2026-11-30", "--to", "2027-01-24", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode people = run.json().get("people");
        assertThat(people).hasSize(4);
        JsonNode emily = people.get(1);
        assertThat(emily.get("id").asText()).isEqualTo("emily");
        assertThat(emily.get("primary_hours").asDouble()).isEqualTo(336.0);
        assertThat(emily.get("secondary_hours").asDouble()).isEqualTo(336.0);
        assertThat(emily.get("primary_holidays").asInt()).as("Christmas").isEqualTo(1);
        assertThat(people.get(2).get("primary_holidays").asInt()).as("michael: New Year's Day").isEqualTo(1);
        assertThat(people.get(3).get("primary_holidays").asInt()).as("david: Martin Luther King Day").isEqualTo(1);
        assertThat(emily.get("primary_weekend_days").asInt()).isEqualTo(4);
        // The range ends at midnight on the 25th, nine hours before david's shift does.
        assertThat(people.get(0).get("primary_hours").asDouble()).isEqualTo(336.0);
        assertThat(people.get(3).get("primary_hours").asDouble()).isEqualTo(327.0);
        assertThat(run.json().get("spread").get("primary_hours").asDouble()).isEqualTo(9.0);
        assertThat(run.json().get("spread").fieldNames()).toIterable().containsExactly(
                "primary_hours", "secondary_hours", "primary_weekend_days", "primary_holidays", "secondary_holidays");
    }

    @Test
    void a_plan_printed_as_yaml_is_accepted_by_the_configuration() throws IOException {
        CliRun plan = run("oncall", "plan", "--from", "2026-11-30", "--to", "2027-01-24", "--format", "yaml");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        String planLines = plan.out().lines().filter(l -> l.startsWith("    - {")).collect(Collectors.joining("\n"));
        assertThat(planLines.lines()).hasSize(4);
        String withPlan = SeedText.replace(SeedText.text(), "  time_off: []", "  plan:\n" + planLines + "\n  time_off: []");
        Files.writeString(dir.resolve("pipekeeper.yaml"), withPlan);
        assertThat(run("validate").exitCode()).isZero();
        assertThat(run("oncall", "now", "--at", "2026-12-25T12:00", "--json").json().get("source").asText()).isEqualTo("plan");
    }

    @Test
    void a_saved_plan_is_what_now_answers_and_json_gives_shifts_fairness_and_score() {
        CliRun plan = run("oncall", "plan", "--from", "2026-11-30", "--to", "2027-11-28", "--json", "--save", "--by", "emily");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        JsonNode json = plan.json();
        assertThat(json.get("shifts")).hasSize(26);
        assertThat(json.get("feasible").asBoolean()).isTrue();
        assertThat(json.get("score").asText()).startsWith("[0]hard/");
        assertThat(json.get("fairness").get("spread").get("primary_holidays").asDouble()).isLessThanOrEqualTo(1.0);
        assertThat(plan.err()).startsWith("saved: 26 shifts replace the rotation");
        JsonNode christmasShift = json.get("shifts").get(1);
        JsonNode now = run("oncall", "now", "--at", "2026-12-25T12:00", "--json").json();
        assertThat(now.get("source").asText()).isEqualTo("plan");
        assertThat(now.get("primary").asText()).isEqualTo(christmasShift.get("primary").asText());
    }

    @Test
    void overrides_and_time_off_are_made_listed_and_removed_from_the_command_line() {
        CliRun override = run("oncall", "override", "--role", "primary", "--person", "michael", "--from", "2026-12-24T18:00",
                "--to", "2026-12-26T09:00", "--reason", "family visit", "--by", "emily");
        assertThat(override.exitCode()).as(override.err()).isZero();
        assertThat(override.out()).isEqualTo("override #1: michael is primary from Thu 2026-12-24 18:00 EST to Sat 2026-12-26 09:00 EST\n");
        assertThat(run("oncall", "now", "--at", "2026-12-25T12:00").out()).contains("primary:   michael",
                "why:       override: michael is primary (family visit), override #1 by emily");

        CliRun timeOff = run("oncall", "time-off", "add", "--person", "michael", "--from", "2026-12-25", "--to", "2026-12-25");
        assertThat(timeOff.exitCode()).isEqualTo(2);
        assertThat(timeOff.err()).startsWith("pipekeeper: refused: michael is on call by an override");

        JsonNode list = run("oncall", "override", "list", "--json").json().get("overrides");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("author").asText()).isEqualTo("emily");
        assertThat(run("oncall", "override", "remove", "1").exitCode()).isZero();
        assertThat(run("oncall", "override", "remove", "1").exitCode()).isEqualTo(2);
        assertThat(run("oncall", "time-off", "add", "--person", "michael", "--from", "2026-12-25", "--to", "2026-12-25")
                .exitCode()).isZero();
        assertThat(run("oncall", "time-off", "list", "--json").json().get("time_off")).hasSize(1);
    }

    @Test
    void a_swap_is_listed_as_its_two_halves_and_removed_as_one() {
        CliRun swap = run("oncall", "swap", "--shift", "2", "--with", "john", "--by", "michael");
        assertThat(swap.exitCode()).as(swap.err()).isZero();
        JsonNode halves = run("oncall", "swap", "list", "--json").json().get("swaps");
        assertThat(halves).hasSize(2);
        assertThat(halves.get(0).get("person").asText()).isEqualTo("john");
        assertThat(halves.get(1).get("person").asText()).isEqualTo("michael");
        assertThat(run("oncall", "now", "--at", "2027-01-01T12:00").out()).contains("primary:   john");
        assertThat(run("oncall", "swap", "remove", halves.get(0).get("swap").asText()).exitCode()).isZero();
        assertThat(run("oncall", "swap", "list", "--json").json().get("swaps")).isEmpty();
        assertThat(run("oncall", "swap", "--shift", "2").err()).contains("a swap needs --shift N and --with P");
    }

    @Test
    void the_handoff_report_names_who_hands_to_whom_and_the_holidays_ahead() {
        CliRun run = run("oncall", "handoff", "--at", "2026-12-20T12:00", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("at").asText()).isEqualTo("2026-12-14T14:00:00Z");
        assertThat(json.get("from").get("primary").asText()).isEqualTo("john");
        assertThat(json.get("to").get("primary").asText()).isEqualTo("emily");
        assertThat(json.get("to").get("secondary").asText()).isEqualTo("michael");
        assertThat(json.get("holidays").get(0).get("name").asText()).isEqualTo("Christmas");
        assertThat(run("oncall", "handoff", "--at", "2026-12-20T12:00").out()).contains("primary:   john → emily");
    }
}
