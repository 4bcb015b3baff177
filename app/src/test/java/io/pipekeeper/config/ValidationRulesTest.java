package io.pipekeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation rule, each shown by one mistake put into the seed's file: the problem names the line
 * the mistake is on, the path of the key, the value, and the rule.
 */
class ValidationRulesTest {
    private static final String SEED = SeedText.text();

    static Stream<Arguments> mistakes() {
        return Stream.of(
                arguments("an integration about a misspelt pipeline", "version: 1\n\n",
                        "version: 1\nintegrations: {prom: {type: alertmanager, secret: \"${env:AM_SECRET}\", pipeline: agregate_profit}}\n\n",
                        "integrations.prom.pipeline", "'agregate_profit' is not a pipeline (did you mean 'aggregate_profit'?)"),
                arguments("an integration of an unknown type", "version: 1\n\n",
                        "version: 1\nintegrations: {prom: {type: nagios, secret: \"${env:AM_SECRET}\"}}\n\n",
                        "integrations.prom.type", "nagios"),
                arguments("a misspelt time zone", "timezone: America/New_York", "timezone: America/New_Yrok",
                        "team.timezone", "'America/New_Yrok' is not a time zone (did you mean 'America/New_York'?)"),
                arguments("an unknown country", "holidays: US ", "holidays: XX ",
                        "team.holidays", "'XX' is not a country with a holiday calendar"),
                arguments("an unknown region", "holidays: US ", "holidays: US-ZZ ",
                        "team.holidays", "'ZZ' is not a region of US"),
                arguments("a malformed holiday code", "holidays: US ", "holidays: USA-New-York ",
                        "team.holidays", "write an ISO 3166 country code"),
                arguments("a person's unknown region", "      email: emily@example.com\n", "      email: emily@example.com\n      holidays: DE-XX\n",
                        "team.people[1].holidays", "'XX' is not a region of DE"),
                arguments("a duration without a unit", "major:    {respond: 2h,", "major:    {respond: 2,",
                        "severities.major.respond", "expected text, found 2 (a whole number and a unit: 30s, 15m, 1h, 2d, 2w)"),
                arguments("a resolution shorter than the response", "{respond: 4h, resolve: 24h}", "{respond: 4h, resolve: 3h}",
                        "severities.minor.resolve", "'3h' is shorter than respond ('4h')"),
                arguments("a rotation length in words", "length: 2w\n", "length: 2weeks\n",
                        "oncall.rotation.length", "'2weeks' is not valid: a duration"),
                arguments("a wrong type", "length: 2w\n", "length: [2w]\n",
                        "oncall.rotation.length", "expected text, found a list"),
                arguments("a date that does not exist", "start: 2026-11-30T09:00", "start: 2026-02-30T09:00",
                        "oncall.rotation.start", "'2026-02-30T09:00' is not a real date and time"),
                arguments("a pair naming someone twice", "{primary: david,   secondary: john}", "{primary: david,   secondary: david}",
                        "oncall.rotation.shifts[3].secondary", "'david' is already the primary of this pair"),
                arguments("a misspelt person in the rotation", "{primary: michael, secondary: david}", "{primary: micheal, secondary: david}",
                        "oncall.rotation.shifts[2].primary", "'micheal' is not a person in team.people (did you mean 'michael'?)"),
                arguments("an unknown holiday rule", "rule: primary-covers", "rule: secondary-covers",
                        "oncall.holidays.rule", "'secondary-covers' is not one of [\"primary-covers\"]"),
                arguments("a bad escalation delay", "{after: 50%,", "{after: half,",
                        "oncall.escalation[1].after", "write a duration (30s, 15m, 1h, 2d, 2w) or a percentage"),
                arguments("an escalation step that fires before the one above it", "{after: 100%,", "{after: 20m,",
                        "oncall.escalation[2].after", "'20m' fires at 20m for critical incidents, before the step above it (30m)"),
                arguments("a percentage past the respond SLA", "{after: 50%,", "{after: 150%,",
                        "oncall.escalation[1].after", "'150%' is past the respond SLA; a step fires at most at 100% of it"),
                arguments("a step naming someone not on the team", "notify: [oncall.secondary]", "notify: [person:zoe]",
                        "oncall.escalation[1].notify[0]", "'person:zoe' is neither a role"),
                arguments("the team without a chat channel to reach it by", "notify: [oncall.secondary]", "notify: [team]",
                        "oncall.escalation[1].notify[0]", "'team' is reached by the team's chat channels: add slack, teams or webhook to via"),
                arguments("a policy without steps", "  escalation:                       # a percentage is of the incident's respond SLA\n    - {after: 0m,   notify: [oncall.primary],                    via: [email, phone]}\n    - {after: 50%,  notify: [oncall.secondary],                  via: [email, phone]}\n    - {after: 100%, notify: [owners.primary, owners.secondary],  via: [email, phone]}\n",
                        "  escalation: {repeat: 1, steps: []}\n", "oncall.escalation.steps", "at least 1"),
                arguments("a pipeline's own policy out of order", "    sql: pipelines/aggregate_growth.sql\n",
                        "    sql: pipelines/aggregate_growth.sql\n    escalation: [{after: 30m, notify: [owners], via: [sms]}, {after: 10m, notify: [primary], via: [voice]}]\n",
                        "pipelines.aggregate_growth.escalation[1].after", "'10m' fires at 10m for critical incidents, before the step above it (30m)"),
                arguments("a percentage too large to be a delay", "{after: 50%,", "{after: 99999999999%,",
                        "oncall.escalation[1].after", "at most 9999%"),
                arguments("a duration too large to be one", "length: 2w\n", "length: 99999999999999999999w\n",
                        "oncall.rotation.length", "at most six digits"),
                arguments("a pipeline id in capitals", "  aggregate_engagement:\n", "  Aggregate_engagement:\n",
                        "pipelines.Aggregate_engagement", "'Aggregate_engagement' is not a valid id: an id is lower case letters"),
                arguments("an unknown escalation target", "notify: [oncall.secondary]", "notify: [oncall.secundary]",
                        "oncall.escalation[1].notify[0]", "'oncall.secundary' is neither a role"),
                arguments("an unknown channel", "notify: [oncall.primary],                    via: [email, phone]",
                        "notify: [oncall.primary],                    via: [email, pager]",
                        "oncall.escalation[0].via[1]", "'pager' is not one of"),
                arguments("time off that ends before it starts", "time_off: []",
                        "time_off: [{person: david, from: 2027-07-14, to: 2027-07-01}]",
                        "oncall.time_off[0].to", "'2027-07-01' is before from ('2027-07-14')"),
                arguments("an override for someone not on the team", "overrides: []",
                        "overrides: [{role: primary, person: emilly, from: 2027-01-18T09:00, to: 2027-01-19T09:00}]",
                        "oncall.overrides[0].person", "'emilly' is not a person in team.people (did you mean 'emily'?)"),
                arguments("an override that ends before it starts", "overrides: []",
                        "overrides: [{role: primary, person: emily, from: 2027-01-19T09:00, to: 2027-01-18T09:00}]",
                        "oncall.overrides[0].to", "is not after from"),
                arguments("a misspelt owner", "primary: michael\n      secondary: david\n      why:\n        michael: understands",
                        "primary: micheal\n      secondary: david\n      why:\n        michael: understands",
                        "pipelines.aggregate_growth.owners.primary", "'micheal' is not a person in team.people (did you mean 'michael'?)"),
                arguments("the same owner twice", "secondary: michael\n      why:\n        david: has a strong",
                        "secondary: david\n      why:\n        david: has a strong",
                        "pipelines.daily_growth.owners.secondary", "'david' is already the primary owner"),
                arguments("a reason for someone who is not an owner", "        michael: supports growth strategy",
                        "        emily: supports growth strategy",
                        "pipelines.daily_growth.owners.why.emily", "'emily' is not an owner of this pipeline"),
                arguments("an unknown upstream pipeline", "depends_on: [daily_growth]", "depends_on: [daily_grwoth]",
                        "pipelines.aggregate_growth.depends_on[0]", "'daily_grwoth' is not a pipeline (did you mean 'daily_growth'?)"),
                arguments("a pipeline that depends on itself", "depends_on: [daily_growth]", "depends_on: [aggregate_growth]",
                        "pipelines.aggregate_growth.depends_on[0]", "a pipeline cannot depend on itself"),
                arguments("a six-field cron", "cron: \"30 5 * * *\"", "cron: \"0 30 5 * * *\"",
                        "pipelines.aggregate_engagement.schedule.cron", "'0 30 5 * * *' is not a five-field UNIX cron"),
                arguments("a cron hour out of range", "cron: \"30 5 * * *\"", "cron: \"30 25 * * *\"",
                        "pipelines.aggregate_engagement.schedule.cron", "'30 25 * * *' is not a five-field UNIX cron"),
                arguments("a deadline past midnight", "{cron: \"30 5 * * *\", deadline: \"08:00\"}", "{cron: \"30 5 * * *\", deadline: \"24:30\"}",
                        "pipelines.aggregate_engagement.schedule.deadline", "'24:30' is not a time of day"),
                arguments("a misspelt audience", "audience: investors\n    purpose: Company profit", "audience: investor\n    purpose: Company profit",
                        "pipelines.aggregate_profit.audience", "'investor' is not one of [\"investors\",\"experiments\",\"internal\"] (did you mean 'investors'?)"),
                arguments("a phone number with spaces", "phone: \"+15550100002\"", "phone: \"+1 555 0100 002\"",
                        "team.people[1].phone", "E.164"),
                arguments("a duplicate metric", "{name: cost, definition: sum of unit_profit.cost for the day}",
                        "{name: revenue, definition: sum of unit_profit.cost for the day}",
                        "pipelines.aggregate_profit.metrics[1].name", "'revenue' is already a metric of this pipeline"),
                arguments("an input that is neither source nor pipeline", "inputs: {orders: {}, product_costs: {}",
                        "inputs: {ordres: {}, product_costs: {}", "pipelines.unit_profit.inputs.ordres",
                        "'ordres' is neither a source nor a pipeline (did you mean 'orders'?)"),
                arguments("a pipeline input not in depends_on", "inputs: {events: {window: 28d}}",
                        "inputs: {events: {window: 28d}, unit_profit: {}}", "pipelines.aggregate_engagement.inputs.unit_profit",
                        "'unit_profit' is a pipeline: list it in depends_on too, so that it runs first"),
                arguments("a window of no days", "inputs: {events: {window: 28d}}", "inputs: {events: {window: 0d}}",
                        "pipelines.aggregate_engagement.inputs.events.window", "'0d' reads nothing"),
                arguments("a window in weeks", "inputs: {events: {window: 28d}}", "inputs: {events: {window: 4w}}",
                        "pipelines.aggregate_engagement.inputs.events.window", "a window is a number of days (28d) or all"),
                arguments("a missing SQL file", "sql: pipelines/daily_growth.sql", "sql: pipelines/daily-growth.sql",
                        "pipelines.daily_growth.sql", "the SQL file pipelines/daily-growth.sql does not exist"),
                arguments("a daily source without {date}", "    path: \"events/date={date}/*.parquet\"",
                        "    path: \"events/*.parquet\"", "sources.events.path", "has no {date}, but the source is partitioned daily"),
                arguments("an unknown column type", "unit_price: \"DECIMAL(12,2)\", currency: VARCHAR}", "unit_price: \"DECIMAL(12,2)\", currency: STRING}",
                        "sources.orders.schema.currency", "a column type is BIGINT, INTEGER"),
                arguments("memory without a unit", "resources: {memory: 2GB,", "resources: {memory: 2048,",
                        "pipelines.aggregate_engagement.resources.memory", "expected text, found 2048"),
                arguments("a check on a column the contract does not have", "{type: unique, column: order_id, severity: critical}",
                        "{type: unique, column: order_ids, severity: critical}", "sources.orders.checks[2].column",
                        "'order_ids' is not a column of this table (did you mean 'order_id'?)"),
                arguments("a check without what it needs", "{type: accepted_values, column: event_type, values: [view, click, add_to_cart, purchase]}",
                        "{type: accepted_values, column: event_type}", "sources.events.checks[3]", "this accepted_values check needs values:"),
                arguments("a reference to no table", "to: product_costs.product_id}", "to: product_cost.product_id}",
                        "sources.orders.checks[7].to", "'product_cost' is neither a source nor a pipeline (did you mean 'product_costs'?)"),
                arguments("an unknown check type", "{type: row_count, min: 1}", "{type: row_counts, min: 1}",
                        "sources.orders.checks[8].type", "'row_counts' is not one of"),
                arguments("an unsupported version", "version: 1\n\n", "version: 2\n\n",
                        "version", "2 is not supported; write 1"),
                arguments("a store that is not a JDBC URL", "version: 1\n\n", "version: 1\nstore: postgres://db/pipekeeper\n\n",
                        "store", "the store is a JDBC URL"),
                arguments("the spark engine without the spark module", "    sql: pipelines/aggregate_profit.sql\n",
                        "    sql: pipelines/aggregate_profit.sql\n    engine: spark\n",
                        "pipelines.aggregate_profit.engine", "the spark engine is not on the class path; run pipekeeper with PIPEKEEPER_SPARK=1"),
                arguments("an engine that does not exist", "    sql: pipelines/aggregate_profit.sql\n",
                        "    sql: pipelines/aggregate_profit.sql\n    engine: presto\n",
                        "pipelines.aggregate_profit.engine", "'presto' is not one of [\"duckdb\",\"spark\"]"),
                arguments("a spark master that is not one", "version: 1\n\n", "version: 1\nspark: {master: localhost}\n\n",
                        "spark.master", "localhost"),
                arguments("a source on S3 read by a pipeline on DuckDB", "path: \"orders/date={date}/*.parquet\"",
                        "path: \"s3a://bucket/orders/date={date}/*.parquet\"", "sources.orders.path",
                        "source orders is at s3a://bucket/orders/date={date}/*.parquet, which only the spark engine reads (DuckDB reads files"
                        + " on this machine), but pipeline unit_profit reads it on duckdb; run unit_profit with engine: spark"),
                arguments("a standalone master without its port", "version: 1\n\n", "version: 1\nspark: {master: \"spark://nohost\"}\n\n",
                        "spark.master", "spark://nohost"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void a_mistake_is_reported_at_its_line_with_its_path_and_rule(String name, String from, String to, String path,
                                                                  String message) {
        String text = SeedText.replace(SEED, from, to);
        List<ConfigProblem> problems = SeedText.problems(text);
        assertThat(problems).as("one problem for one mistake").hasSize(1);
        ConfigProblem problem = problems.get(0);
        assertThat(problem.path()).hasToString(path);
        assertThat(problem.message()).contains(message);
        assertThat(problem.line()).as("line of %s", problem).isEqualTo(changedLine(text, from, to));
        assertThat(problem.column()).isPositive();
        assertThat(problem.toString()).isEqualTo("pipekeeper.yaml:" + problem.line() + ":" + problem.column() + ": "
                + path + ": " + problem.message());
    }

    /** The line of the edited text on which the replacement first differs from the original. */
    private static int changedLine(String text, String from, String to) {
        List<String> before = from.lines().toList();
        List<String> after = to.lines().toList();
        int index = 0;
        while (index < before.size() && index < after.size() && before.get(index).equals(after.get(index))) {
            index++;
        }
        return SeedText.lineOf(text, to) + index;
    }

    @Test
    void a_misspelt_key_is_unknown_and_the_real_one_missing() {
        String text = SeedText.replace(SEED, "      email: david@example.com", "      emial: david@example.com");
        List<ConfigProblem> problems = SeedText.problems(text);
        int idLine = SeedText.lineOf(text, "- id: david");
        assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
                "pipekeeper.yaml:" + idLine + ":7: team.people[3]: missing key 'email'",
                "pipekeeper.yaml:" + (idLine + 2) + ":7: team.people[3].emial: unknown key 'emial' (did you mean 'email'?)");
    }

    @Test
    void an_unknown_key_lists_the_known_ones_when_none_is_close() {
        String text = SeedText.replace(SEED, "  name: Data Engineering\n", "  name: Data Engineering\n  budget: 100\n");
        assertThat(SeedText.problems(text)).extracting(ConfigProblem::message).containsExactly(
                "unknown key 'budget' (known keys: name, timezone, holidays, people, working_hours)");
    }

    @Test
    void working_hours_and_maintenance_are_checked_at_their_line() {
        String noHours = SeedText.replace(SEED, "  minor:    {respond: 4h, resolve: 24h}", "  minor:    {respond: 4h, resolve: 24h, pages: working_hours}");
        assertThat(SeedText.problems(noHours)).extracting(ConfigProblem::message)
                .containsExactly("'working_hours' needs team.working_hours: say when the team works, or write at_once");
        String backwards = SeedText.replace(SEED, "  timezone: America/New_York\n",
                "  timezone: America/New_York\n  working_hours: {days: [mon, fri], from: \"17:00\", to: \"09:00\"}\n");
        assertThat(SeedText.problems(backwards)).extracting(ConfigProblem::message)
                .containsExactly("'09:00' is not after from ('17:00'); working hours end later on the day they start");
        String window = SEED + "\nmaintenance:\n  - {pipelines: [unit_proft], from: 2026-12-24T00:00, to: 2026-12-23T00:00}\n";
        assertThat(SeedText.problems(window)).extracting(ConfigProblem::message).containsExactly(
                "'unit_proft' is not one of the pipelines (did you mean 'unit_profit'?)",
                "'2026-12-23T00:00' is not after from ('2026-12-24T00:00'); a window ends after it starts");
        String both = SEED + "\nmaintenance:\n  - {all: true, cron: \"0 2 * * *\", duration: 2h, from: 2026-12-24T00:00, to: 2026-12-25T00:00}\n";
        assertThat(SeedText.problems(both)).as("recurring or once, not both").isNotEmpty();
    }

    @Test
    void a_comma_inside_braces_gets_a_hint_to_quote_the_value() {
        String text = SeedText.replace(SEED, "\"mean of (last event − first event) per session, in minutes\"",
                "mean of (last event − first event) per session, in minutes");
        assertThat(SeedText.problems(text)).singleElement().satisfies(problem -> {
            assertThat(problem.path()).hasToString("pipelines.aggregate_engagement.metrics[5].in minutes");
            assertThat(problem.message()).contains("a comma ends a value", "put that whole value in quotes");
        });
    }

    @Test
    void a_missing_key_is_reported_at_the_mapping_that_lacks_it() {
        String text = SeedText.replace(SEED, "    purpose: Profit per unit sold, by day, experiment group and product, for A/B experiment analysis.\n", "");
        int firstKey = SeedText.lineOf(text, "  unit_profit:\n") + 1;
        assertThat(SeedText.problems(text)).extracting(ConfigProblem::toString)
                .containsExactly("pipekeeper.yaml:" + firstKey + ":5: pipelines.unit_profit: missing key 'purpose'");
    }

    @Test
    void an_override_may_not_put_someone_on_call_during_their_time_off() {
        String text = SeedText.replace(SeedText.replace(SEED, "  overrides: []",
                        "  overrides: [{role: primary, person: david, from: 2027-07-03T09:00, to: 2027-07-04T09:00}]"),
                "  time_off: []", "  time_off: [{person: david, from: 2027-07-01, to: 2027-07-14}]");
        assertThat(SeedText.problems(text)).singleElement().satisfies(problem -> {
            assertThat(problem.path()).hasToString("oncall.overrides[0].person");
            assertThat(problem.message()).isEqualTo("'david' is on time off from 2027-07-01 to 2027-07-14 (oncall.time_off);"
                    + " someone on time off is never on call");
            assertThat(problem.line()).isEqualTo(SeedText.lineOf(text, "  overrides: [{"));
        });
    }

    @Test
    void weekly_seasonality_learns_from_eight_weeks_of_the_same_weekday() {
        String text = SeedText.replace(SEED, "      - {type: volume}\n", "      - {type: volume, seasonality: day_of_week}\n");
        var check = SeedText.load(text).sources().get("events").checks().stream()
                .filter(c -> c.type() == io.pipekeeper.config.Check.Type.VOLUME).findFirst().orElseThrow();
        assertThat(check.anomaly().sameWeekday()).isTrue();
        assertThat(check.anomaly().trainingDays()).isEqualTo(56);
    }

    @Test
    void a_cycle_in_depends_on_is_printed_in_full() {
        String text = SeedText.replace(SEED, "    needs: [experiment-design, profit-metrics, data-analysis]\n",
                "    needs: [experiment-design, profit-metrics, data-analysis]\n    depends_on: [aggregate_profit]\n");
        assertThat(SeedText.problems(text)).singleElement().satisfies(problem -> {
            assertThat(problem.path()).hasToString("pipelines.unit_profit.depends_on");
            assertThat(problem.message()).isEqualTo("depends_on forms a cycle: unit_profit → aggregate_profit → unit_profit;"
                    + " a pipeline cannot wait for its own output");
            assertThat(problem.line()).isEqualTo(SeedText.lineOf(text, "depends_on: [aggregate_profit]"));
        });
    }

    @Test
    void a_duplicate_person_id_names_the_first_one() {
        String text = SeedText.replace(SEED, "    - id: david\n", "    - id: emily\n");
        assertThat(SeedText.problems(text)).extracting(ConfigProblem::toString).contains(
                "pipekeeper.yaml:" + SeedText.lineOf(text, "- id: emily\n      name: David")
                        + ":11: team.people[3].id: 'emily' is already the id of team.people[1]; ids must be unique");
    }

    @Test
    void a_key_written_twice_is_refused_rather_than_silently_overwritten() {
        String text = SeedText.replace(SEED, "  name: Data Engineering\n", "  name: Data Engineering\n  name: Data Platform\n");
        assertThat(SeedText.problems(text)).extracting(ConfigProblem::toString).containsExactly(
                "pipekeeper.yaml:6:3: team.name: 'name' is written twice in one mapping (first at line 5); keep one");
    }

    @Test
    void a_region_with_its_own_holidays_is_accepted() {
        Catalog catalog = SeedText.load(SeedText.replace(SEED, "holidays: US ", "holidays: de-by "));
        assertThat(catalog.team().holidays()).contains(HolidayRegion.parse("DE-BY"));
    }

    @Test
    void a_person_may_keep_another_countrys_holidays() {
        Catalog catalog = SeedText.load(SeedText.replace(SEED, "      email: emily@example.com\n", "      email: emily@example.com\n      holidays: de-by\n"));
        assertThat(catalog.team().person("emily").orElseThrow().holidays()).contains(HolidayRegion.parse("DE-BY"));
        assertThat(catalog.team().person("john").orElseThrow().holidays()).isEmpty();
    }

    @Test
    void a_pipeline_may_have_its_own_policy_that_repeats() {
        Catalog catalog = SeedText.load(SeedText.replace(SEED, "    sql: pipelines/aggregate_growth.sql\n",
                "    sql: pipelines/aggregate_growth.sql\n    escalation:\n      repeat: 2\n      steps:\n"
                        + "        - {after: 0m, notify: [primary, person:david], via: [sms, voice]}\n"
                        + "        - {after: 50%, notify: [owners, team], via: [email, slack]}\n"));
        EscalationPolicy own = catalog.pipeline("aggregate_growth").escalation().orElseThrow();
        assertThat(own.repeat()).isEqualTo(2);
        assertThat(own.firings()).isEqualTo(6);
        assertThat(own.steps().get(0).targets()).extracting(Object::toString).containsExactly("primary", "person:david");
        assertThat(own.steps().get(1).targets()).extracting(Object::toString).containsExactly("owners.primary", "owners.secondary", "team");
        Sla critical = catalog.severities().get("critical");
        assertThat(java.util.stream.IntStream.range(0, 6).mapToObj(f -> own.delay(f, critical).toMinutes()).toList())
                .as("rounds of 60 minutes: the last step at 30, plus the 30 before it").containsExactly(0L, 30L, 60L, 90L, 120L, 150L);
        assertThat(catalog.pipeline("aggregate_profit").escalation()).as("the others follow the team's").isEmpty();
    }

    @Test
    void escalation_may_be_left_out_and_then_is_the_seeds_policy() {
        String withoutEscalation = SEED.replaceAll("(?s)  escalation:.*?(?=  time_off:)", "");
        Catalog catalog = SeedText.load(withoutEscalation);
        assertThat(catalog.oncall().escalation().steps()).extracting(step -> step.after().toString())
                .containsExactly("0m", "50%", "100%");
    }

    @Test
    void yaml_that_does_not_parse_gets_one_located_message() {
        String text = SeedText.replace(SEED, "  name: Data Engineering", "  name: [Data Engineering");
        assertThat(SeedText.problems(text)).singleElement().satisfies(problem -> {
            assertThat(problem.message()).startsWith("not valid YAML: ");
            assertThat(problem.line()).isPositive();
        });
    }

    @Test
    void an_empty_file_and_a_list_at_the_top_are_refused_with_a_sentence() {
        assertThat(SeedText.problems("")).singleElement().extracting(ConfigProblem::message).asString()
                .contains("the file is empty");
        assertThat(SeedText.problems("- a\n- b\n")).singleElement().extracting(ConfigProblem::message).asString()
                .contains("must be a YAML mapping");
    }

    @Test
    void five_different_mistakes_give_five_located_messages_sorted_by_line() {
        String text = SEED;
        text = SeedText.replace(text, "timezone: America/New_York", "timezone: America/New_Yrok");
        text = SeedText.replace(text, "major:    {respond: 2h,", "major:    {respond: 2 hours,");
        text = SeedText.replace(text, "{primary: david,   secondary: john}", "{primary: david,   secondary: david}");
        text = SeedText.replace(text, "depends_on: [daily_growth]", "depends_on: [daily_grwoth]");
        text = SeedText.replace(text, "cron: \"30 5 * * *\"", "cron: \"30 25 * * *\"");
        List<ConfigProblem> problems = SeedText.problems(text);
        assertThat(problems).hasSize(5);
        assertThat(problems).extracting(ConfigProblem::line).containsExactly(
                SeedText.lineOf(text, "America/New_Yrok"), SeedText.lineOf(text, "2 hours"),
                SeedText.lineOf(text, "{primary: david,   secondary: david}"), SeedText.lineOf(text, "daily_grwoth"),
                SeedText.lineOf(text, "30 25"));
        assertThat(problems).extracting(ConfigProblem::path).extracting(Object::toString).containsExactly(
                "team.timezone", "severities.major.respond", "oncall.rotation.shifts[3].secondary",
                "pipelines.aggregate_growth.depends_on[0]", "pipelines.aggregate_engagement.schedule.cron");
    }
}
