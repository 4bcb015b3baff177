package io.pipekeeper.bench;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.oncall.Fairness;
import io.pipekeeper.oncall.OnCallStore;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.oncall.plan.FairPlanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The fair planner on a large team: N people (default 40) in three countries (US, Bavaria and France by default, each
 * person keeping their own country's holidays), 52 weekly shifts through 2027, and
 * up to six stretches of time off each. Prints the median planning time over several runs, and the spreads
 * of the plan beside those of the plain rotation (covered for time off by pipekeeper's rules), the baseline.
 */
final class PlannerBench {
    private PlannerBench() {
    }

    static void run(String[] args) {
        int people = intOption(args, "--people", 40);
        int weeks = intOption(args, "--weeks", 52);
        int runs = intOption(args, "--runs", 3);
        List<String> calendars = List.of(option(args, "--holidays", "US,DE-BY,FR").split(","));
        Catalog catalog = team(people, 7, calendars);
        Roster roster = Roster.of(catalog, OnCallStore.Changes.NONE);
        LocalDate from = LocalDate.of(2027, 1, 4);
        LocalDate to = from.plusWeeks(weeks).minusDays(1);

        FairPlanner planner = new FairPlanner();
        List<Double> seconds = new ArrayList<>();
        FairPlanner.Proposal proposal = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            proposal = planner.plan(roster, from, to, from);
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        Collections.sort(seconds);
        double median = seconds.get(seconds.size() / 2);
        Fairness rotation = Fairness.of(roster, proposal.shifts().get(0).start(), proposal.shifts().get(proposal.shifts().size() - 1).end());
        Fairness plan = proposal.fairness();

        System.out.printf(Locale.ROOT, "planner: %d people keeping the holidays of %s in turn, %d weekly shifts, %d runs on %d cores, Java %s%n",
                people, String.join(", ", calendars), proposal.shifts().size(), runs, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "planner: median %.2f s (min %.2f, max %.2f); goal under 10 s; score %s%n",
                median, seconds.get(0), seconds.get(seconds.size() - 1), proposal.score());
        System.out.printf(Locale.ROOT, "%-22s %12s %12s%n", "spread (max - min)", "rotation", "plan");
        for (String measure : List.of("primary_hours", "secondary_hours", "primary_weekend_days", "primary_holidays", "secondary_holidays")) {
            System.out.printf(Locale.ROOT, "%-22s %12.1f %12.1f%n", measure, rotation.spread().get(measure), plan.spread().get(measure));
        }
        Map<String, Double> before = rotation.spread();
        Map<String, Double> after = plan.spread();
        System.out.printf(Locale.ROOT, "planner: rotation/plan spread of primary holidays = %.2f, of primary hours = %.2f; seconds = %.2f%n",
                ratio(before.get("primary_holidays"), after.get("primary_holidays")),
                ratio(before.get("primary_hours"), after.get("primary_hours")), median);
    }

    private static double ratio(double baseline, double measured) {
        return measured == 0 ? baseline : baseline / measured;
    }

    /**
     * A team of n people with a round-robin rotation and seeded random time off, through the real loader; person i keeps
     * the holidays of {@code calendars[i % size]}, the first of which is the team's.
     */
    static Catalog team(int n, long seed, List<String> calendars) {
        Random random = new Random(seed);
        StringBuilder yaml = new StringBuilder("version: 1\nteam:\n  name: Bench\n  timezone: America/New_York\n  holidays: "
                + calendars.get(0) + "\n  people:\n");
        for (int i = 0; i < n; i++) {
            String calendar = calendars.get(i % calendars.size());
            yaml.append(String.format(Locale.ROOT, "    - {id: p%02d, name: P%02d, email: p%02d@example.com%s}%n", i, i, i,
                    calendar.equals(calendars.get(0)) ? "" : ", holidays: " + calendar));
        }
        yaml.append("severities:\n  critical: {respond: 1h, resolve: 4h}\n");
        yaml.append("oncall:\n  rotation:\n    start: 2027-01-04T09:00\n    length: 1w\n    shifts:\n");
        for (int i = 0; i < n; i++) {
            yaml.append(String.format(Locale.ROOT, "      - {primary: p%02d, secondary: p%02d}%n", i, (i + 1) % n));
        }
        yaml.append("  time_off:\n");
        for (int i = 0; i < n; i++) {
            for (int k = random.nextInt(7); k > 0; k--) {
                LocalDate first = LocalDate.of(2027, 1, 1).plusDays(random.nextInt(355));
                yaml.append(String.format(Locale.ROOT, "    - {person: p%02d, from: %s, to: %s}%n", i, first, first.plusDays(random.nextInt(10))));
            }
        }
        yaml.append("pipelines:\n  x: {area: a, name: X, audience: internal, purpose: Bench., owners: {primary: p00, secondary: p01},")
                .append(" schedule: {cron: \"0 5 * * *\"}}\n");
        try {
            Path dir = Files.createTempDirectory("pipekeeper-bench-");
            Files.createDirectories(dir.resolve("pipelines"));
            Files.writeString(dir.resolve("pipelines/x.sql"), "SELECT 1 AS one\n");
            return new ConfigLoader().parse(dir.resolve("bench.yaml"), "bench.yaml", yaml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
