package io.pipekeeper.bench.faults;

import io.pipekeeper.bench.BenchSupport;
import io.pipekeeper.cli.Cli;
import io.pipekeeper.cli.Invocation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Broken configurations, made from the seed's by one mutation each (types, unknown keys, cycles, unknown people,
 * crons, zones, anchors, tabs, sizes, encodings, numbers, documents): {@code validate} must exit 2 and name
 * {@code pipekeeper.yaml:LINE:COL}, with no stack trace. {@value #PER_ROUND} mutations a round run in this process
 * through the command line's own entry point; one a round also runs as a process of its own.
 */
final class ConfigMutations implements FaultsBench.Kind {
    static final int PER_ROUND = 20;
    private static final Pattern LOCATED = Pattern.compile("pipekeeper\\.yaml:\\d+:\\d+");

    private final Path dir;
    private final String seed;
    private final List<Mutation> mutations = mutations();
    private long tried;
    private long processes;

    /** A named change to the seed's text; its bytes are what the file holds. */
    private record Mutation(String name, BiFunction<String, Random, byte[]> change) {
    }

    ConfigMutations(Path dir) throws Exception {
        this.dir = dir;
        BenchSupport.seed(dir, "");
        this.seed = Files.readString(dir.resolve("pipekeeper.yaml"));
    }

    @Override
    public String name() {
        return "config";
    }

    @Override
    public String summary() {
        return tried + " mutations of " + mutations.size() + " kinds (" + processes + " as processes): each exit 2 at file:line:col, no stack trace";
    }

    @Override
    public FaultsBench.Round round(int number, Random random) throws Exception {
        List<String> problems = new ArrayList<>();
        Path config = dir.resolve("pipekeeper.yaml");
        for (int i = 0; i < PER_ROUND; i++) {
            Mutation mutation = mutations.get((int) (tried % mutations.size()));
            tried++;
            Files.write(config, mutation.change().apply(seed, random));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Cli.run(new Invocation(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), dir), "-c", config.toString(), "validate");
            check(mutation.name(), code, out + err.toString(), problems);
            if (i == 0) {
                processes++;
                try (Child child = Child.start(config, Map.of(), "validate")) {
                    check(mutation.name() + " (process)", child.waitFor(120), child.output(), problems);
                }
            }
        }
        return FaultsBench.Round.of(0, 0, problems);
    }

    private static void check(String name, int code, String output, List<String> problems) {
        String first = output.lines().findFirst().orElse("");
        if (code != Cli.BAD_INPUT) {
            problems.add(name + ": exit " + code + " (" + first + ")");
        } else if (!LOCATED.matcher(output).find()) {
            problems.add(name + ": no file:line:col in " + first);
        } else if (output.contains("Exception") || output.contains("\tat ")) {
            problems.add(name + ": a stack trace: " + first);
        }
    }

    // ---- the mutations ---------------------------------------------------------------------------------------------

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces one of the occurrences of {@code target}, chosen at random. */
    private static String replaceOne(String text, String target, String replacement, Random random) {
        List<Integer> at = new ArrayList<>();
        for (int i = text.indexOf(target); i >= 0; i = text.indexOf(target, i + 1)) {
            at.add(i);
        }
        if (at.isEmpty()) {
            throw new IllegalStateException("the seed no longer holds '" + target + "'");
        }
        int i = at.get(random.nextInt(at.size()));
        return text.substring(0, i) + replacement + text.substring(i + target.length());
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static List<Mutation> mutations() {
        List<Mutation> all = new ArrayList<>();
        // Types
        all.add(new Mutation("a list for a duration", (t, r) -> utf8(replaceOne(t, "length: 2w", "length: [2w]", r))));
        all.add(new Mutation("a number for a zone", (t, r) -> utf8(replaceOne(t, "timezone: America/New_York", "timezone: " + r.nextInt(99), r))));
        all.add(new Mutation("a mapping for a time", (t, r) -> utf8(replaceOne(t, "arrives_by: \"04:00\"", "arrives_by: {at: 4}", r))));
        all.add(new Mutation("a string for a number", (t, r) -> utf8(replaceOne(t, "min: 1, max: 1000", "min: one, max: 1000", r))));
        all.add(new Mutation("a scalar for the people", (t, r) -> utf8(replaceOne(t, "  people:\n", "  people: everyone\n  xpeople:\n", r))));
        all.add(new Mutation("a bad column type", (t, r) -> utf8(replaceOne(t, "quantity: INTEGER", "quantity: " + pick(r, List.of("INTEGR", "DECIMAL(99999999999,2)", "[1]")), r))));
        // Unknown keys
        all.add(new Mutation("an unknown key", (t, r) -> {
            String after = pick(r, List.of("    area: profit\n", "  name: Data Engineering\n", "    partition: daily\n"));
            return utf8(replaceOne(t, after, after + after.substring(0, after.indexOf(after.trim())) + "colour" + r.nextInt(1000) + ": blue\n", r));
        }));
        all.add(new Mutation("a misspelt key", (t, r) -> utf8(replaceOne(t, pick(r, List.of("schedule:", "owners:", "severities:", "purpose:")),
                pick(r, List.of("schedul:", "owner:", "severity:", "purpos:")), r))));
        // Cycles and references
        all.add(new Mutation("a cycle", (t, r) -> utf8(replaceOne(t, "    needs: [data-analysis, growth-strategy, user-acquisition]\n",
                "    needs: [data-analysis, growth-strategy, user-acquisition]\n    depends_on: [aggregate_growth]\n", r))));
        all.add(new Mutation("an unknown person", (t, r) -> utf8(replaceOne(t, pick(r, List.of("primary: john", "secondary: emily", "primary: michael",
                "secondary: david")), pick(r, List.of("primary: jon", "secondary: emilly", "primary: nobody", "secondary: Michael")), r))));
        all.add(new Mutation("an unknown pipeline", (t, r) -> utf8(replaceOne(t, "depends_on: [daily_growth]", "depends_on: [daily_grwth]", r))));
        all.add(new Mutation("an unknown source", (t, r) -> utf8(replaceOne(t, "inputs: {users: {window: all}, events: {}}",
                "inputs: {users: {window: all}, event: {}}", r))));
        // Crons and zones
        all.add(new Mutation("a bad cron", (t, r) -> utf8(replaceOne(t, "cron: \"0 5 * * *\"", "cron: \"" + pick(r, List.of("61 5 * * *", "0 25 * * *",
                "* * *", "0 5 * * 8", "0 5 32 * *", "@hourly x", "0 5 * * * * *", "")) + "\"", r))));
        all.add(new Mutation("a bad zone", (t, r) -> utf8(replaceOne(t, "timezone: America/New_York", "timezone: "
                + pick(r, List.of("America/New_Yrok", "UTC+25", "Mars/Olympus", "EST5EDT/x")), r))));
        all.add(new Mutation("a bad holiday country", (t, r) -> utf8(replaceOne(t, "holidays: US ", "holidays: " + pick(r, List.of("XX", "US-ZZ", "usa")) + " ", r))));
        // Anchors
        all.add(new Mutation("an undefined alias", (t, r) -> utf8(replaceOne(t, "primary: john", "primary: *someone", r))));
        all.add(new Mutation("a merge of a scalar", (t, r) -> utf8(replaceOne(t, "    area: profit\n", "    area: &a profit\n    <<: *a\n", r))));
        all.add(new Mutation("too many aliases", (t, r) -> utf8(t.replace("version: 1\n", "version: 1\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
                + bomb()))));
        // Tabs, sizes, depth, documents, duplicates
        all.add(new Mutation("a tab", (t, r) -> utf8(replaceOne(t, "\n      - {type: not_null", "\n\t- {type: not_null", r))));
        all.add(new Mutation("too large", (t, r) -> utf8(t + "#" + "x".repeat(1 << 20) + "\n")));
        all.add(new Mutation("too deep", (t, r) -> utf8(t.replace("version: 1\n", "version: 1\ndeep: " + "[".repeat(200) + "]".repeat(200) + "\n"))));
        all.add(new Mutation("a second document", (t, r) -> utf8(t + "---\nversion: 2\n")));
        all.add(new Mutation("a key twice", (t, r) -> utf8(replaceOne(t, "    area: profit\n", "    area: profit\n    area: growth\n", r))));
        all.add(new Mutation("unclosed flow", (t, r) -> utf8(replaceOne(t, "{type: freshness}", "{type: freshness", r))));
        all.add(new Mutation("a bad indent", (t, r) -> utf8(replaceOne(t, "\n    name: Unit-level profit", "\n   name: Unit-level profit", r))));
        // Numbers and durations
        all.add(new Mutation("an overflowing duration", (t, r) -> utf8(replaceOne(t, "respond: 1h", "respond: " + pick(r, List.of("99999999999h",
                "1y", "-1h", "1.5h", "0x10h")), r))));
        all.add(new Mutation("an overflowing percentage", (t, r) -> utf8(replaceOne(t, "after: 50%", "after: " + pick(r, List.of("99999999999%", "50.5%", "%")), r))));
        all.add(new Mutation("steps out of order", (t, r) -> utf8(replaceOne(t, "after: 50%", "after: 500%", r))));
        all.add(new Mutation("a resolve shorter than respond", (t, r) -> utf8(replaceOne(t, "{respond: 2h, resolve: 8h}", "{respond: 2h, resolve: 1h}", r))));
        all.add(new Mutation("a bad date", (t, r) -> utf8(replaceOne(t, "start: 2026-11-30T09:00", "start: " + pick(r, List.of("2026-02-30T09:00",
                "2026-11-30T25:00", "yesterday")), r))));
        // Encodings
        all.add(new Mutation("UTF-16 with a BOM", (t, r) -> t.getBytes(StandardCharsets.UTF_16)));
        all.add(new Mutation("UTF-16 without a BOM", (t, r) -> t.getBytes(StandardCharsets.UTF_16LE)));
        all.add(new Mutation("a Latin-1 name", (t, r) -> replaceOne(t, "name: Emily", "name: Émily", r).getBytes(StandardCharsets.ISO_8859_1)));
        all.add(new Mutation("a NUL byte", (t, r) -> utf8(replaceOne(t, "name: David", "name: Da\u0000vid", r))));
        all.add(new Mutation("binary", (t, r) -> {
            byte[] bytes = new byte[1 + r.nextInt(4096)];
            r.nextBytes(bytes);
            bytes[0] = (byte) 0x89; // never valid UTF-8 as a first byte
            return bytes;
        }));
        all.add(new Mutation("cut short", (t, r) -> utf8(t.substring(0, t.indexOf("  unit_profit:\n") + "  unit_profit:\n    owners: {".length()))));
        return List.copyOf(all);
    }

    /** A billion-laughs shape: each level aliases the one before ten times. */
    private static String bomb() {
        StringBuilder text = new StringBuilder();
        for (int level = 1; level < 9; level++) {
            text.append("x").append(level).append(": &x").append(level).append(" [");
            for (int i = 0; i < 10; i++) {
                text.append(i == 0 ? "" : ", ").append("*x").append(level - 1);
            }
            text.append("]\n");
        }
        return text.toString();
    }
}
