package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.sample.Fault;
import io.pipekeeper.sample.SampleData;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "data", mixinStandardHelpOptions = true, description = "Sample data for the seed's sources.",
        subcommands = DataCommand.Generate.class)
final class DataCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return Cli.OK;
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Writes users, orders, product_costs and events for a range of days under storage.raw,",
                "deterministically for a seed. Scale 1 is ~1,000,000 orders and 2,000,000 events a day; 0.01 is the demo's.",
                "--fault KIND[:TARGET]@DATE writes a realistic problem (see docs/sample-data.md); repeat it for more."})
    static final class Generate extends BaseCommand {
        @Option(names = "--from", paramLabel = "DATE", required = true, description = "First day.")
        String from;
        @Option(names = "--to", paramLabel = "DATE", required = true, description = "Last day, inclusive.")
        String to;
        @Option(names = "--scale", paramLabel = "S", defaultValue = "0.01", description = "Size (default: ${DEFAULT-VALUE}).")
        double scale;
        @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--fault", paramLabel = "KIND[:TARGET]@DATE", description = "A problem to write, such as null_spike:orders.user_id@2026-11-07.")
        List<String> faults = new ArrayList<>();

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            LocalDate first = Times.date("--from", from);
            LocalDate last = Times.date("--to", to);
            if (last.isBefore(first)) {
                throw new BadInputException("--to: '" + last + "' is before --from ('" + first + "')");
            }
            if (scale <= 0 || scale > 100) {
                throw new BadInputException("--scale: " + scale + " is out of range; write a number above 0 and at most 100");
            }
            List<Fault> parsed = new ArrayList<>();
            for (String fault : faults) {
                try {
                    Fault f = Fault.parse(fault);
                    if (!catalog.sources().containsKey(f.source())) {
                        throw new IllegalArgumentException("'" + f.source() + "' is not a source");
                    }
                    if (f.column().isPresent() && !catalog.sources().get(f.source()).schema().containsKey(f.column().get())) {
                        throw new IllegalArgumentException("'" + f.column().get() + "' is not a column of " + f.source());
                    }
                    parsed.add(f);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException("--fault: " + e.getMessage());
                }
            }
            try (App app = app(catalog)) {
                Progress progress = Progress.of(invocation(), last.toEpochDay() - first.toEpochDay() + 1);
                SampleData.Summary summary = app.sampleData().generate(new SampleData.Options(first, last, scale, seed, parsed),
                        day -> progress.step(day.toString()));
                progress.done();
                out().println(String.format(Locale.ROOT, "wrote %,d rows in %.1f s (%,.0f rows/s) under %s", summary.rows(),
                        summary.wall().toMillis() / 1000.0, summary.rowsPerSecond(), catalog.storage().raw()));
                summary.rowsBySource().forEach((source, rows) -> out().println(String.format(Locale.ROOT, "  %-14s %,d rows", source, rows)));
                parsed.forEach(f -> out().println("  fault: " + f));
            }
            return Cli.OK;
        }
    }
}
