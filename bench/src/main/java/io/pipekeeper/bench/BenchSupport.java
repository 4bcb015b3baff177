package io.pipekeeper.bench;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What the benchmarks share: options, medians and percentiles, the seed team. */
public final class BenchSupport {
    private BenchSupport() {
    }

    public static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** An option's value that the benchmark cannot take; bench/run says which and exits 2. */
    static final class BadOption extends IllegalArgumentException {
        BadOption(String message) {
            super(message);
        }
    }

    /** A whole-number option above 0; anything else is a {@link BadOption} that names the option and the value. */
    static int intOption(String[] args, String name, int fallback) {
        String value = option(args, name, String.valueOf(fallback));
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new BadOption(name + " '" + value + "' is not a whole number above 0");
    }

    /** An option that must be one of {@code allowed}. */
    static String choice(String[] args, String name, String fallback, List<String> allowed) {
        String value = option(args, name, fallback);
        if (!allowed.contains(value)) {
            throw new BadOption(name + " '" + value + "' is not one of " + String.join(", ", allowed));
        }
        return value;
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p} % of the values at or below it. */
    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** The seed's configuration and SQL, from the app's jar, into dir; {@code extra} is put before the rest of the YAML. */
    public static Catalog seed(Path dir, String extra) throws IOException {
        String[] files = {"pipekeeper.yaml", "pipelines/unit_profit.sql", "pipelines/aggregate_profit.sql", "pipelines/daily_growth.sql",
            "pipelines/aggregate_growth.sql", "pipelines/aggregate_engagement.sql", "pipelines/aggregate_engagement.spark.sql"};
        for (String name : files) {
            try (InputStream in = BenchSupport.class.getResourceAsStream("/io/pipekeeper/demo/seed/" + name)) {
                Files.createDirectories(dir.resolve(name).getParent());
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        Path config = dir.resolve("pipekeeper.yaml");
        Files.writeString(config, Files.readString(config).replaceFirst("version: 1\n", java.util.regex.Matcher.quoteReplacement("version: 1\n" + extra)));
        return new ConfigLoader().load(config, "pipekeeper.yaml");
    }
}
