package io.pipekeeper.bench;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.NoiseReport;
import io.pipekeeper.sample.Fault;
import io.pipekeeper.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * bench/run noise: the seed's five pipelines over N days of generated data with a fault every few days (each a
 * different one of the seed's "potential issues"), run day by day as the scheduler would, with the incidents loop
 * after each day; once with correlation off (every problem its own incident) and once on, side by side. Prints
 * signals, incidents, impacts and pages (pages decided by the escalation's first step: email is configured, nothing
 * is sent), and the ratio of pages.
 */
final class NoiseBench {
    /** One fault every three days, cycling through these: what each does to which source is the generator's (docs/sample-data.md). */
    private static final List<String> FAULTS = List.of("null_spike:orders.user_id", "corrupt_file:orders", "schema_change:orders",
            "missing_partition:orders", "duplicates:orders", "volume_spike:events", "negative_values:orders.quantity", "late_partition:orders",
            "bad_format:orders.currency");

    private NoiseBench() {
    }

    static void run(String[] args) throws Exception {
        int days = Integer.parseInt(BenchSupport.option(args, "--days", "28"));
        double scale = Double.parseDouble(BenchSupport.option(args, "--scale", "0.01"));
        LocalDate last = LocalDate.of(2026, 11, 30);
        LocalDate first = last.minusDays(days - 1L);
        List<Fault> faults = new ArrayList<>();
        for (int day = 2, i = 0; day < days; day += 3, i++) {
            faults.add(Fault.parse(FAULTS.get(i % FAULTS.size()) + "@" + first.plusDays(day)));
        }
        System.out.printf(Locale.ROOT, "noise: %d days (%s to %s), scale %s, %d faults: %s%n", days, first, last, scale, faults.size(), faults);
        NoiseReport off = once(first, last, scale, faults, false);
        NoiseReport on = once(first, last, scale, faults, true);
        System.out.println("the causes, with correlation on:");
        on.causes().forEach(cause -> System.out.printf(Locale.ROOT, "  #%d %s [%s]: %d signal(s), %d impact(s), %d page(s)%n", cause.incident(),
                cause.what(), cause.severity(), cause.signals(), cause.impacts(), cause.pages()));
        System.out.println("correlation off: " + off.headline());
        System.out.println("correlation on:  " + on.headline());
        System.out.printf(Locale.ROOT, "incidents: off %d, on %d (%d faults injected)%n", off.incidents(), on.incidents(), faults.size());
        System.out.printf(Locale.ROOT, "pages: off/on = %.2f%n", off.pages() / (double) Math.max(1, on.pages()));
    }

    private static NoiseReport once(LocalDate first, LocalDate last, double scale, List<Fault> faults, boolean correlate) throws Exception {
        Path dir = Files.createTempDirectory("pipekeeper-noise-");
        Catalog catalog = BenchSupport.seed(dir, "channels:\n  email:\n    smtp: {host: 127.0.0.1, port: 2525, security: none}\n"
                + "    from: \"pipekeeper bench <bench@localhost>\"\n\n");
        try (App app = new App(catalog, Map.of())) {
            app.sampleData().generate(new SampleData.Options(first, last, scale, 7, faults), day -> { });
            IncidentLoop loop = new IncidentLoop(catalog, app.incidentStore(), correlate);
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                app.pipelineRunner().run(List.of(), day);
                loop.runOnce(Instant.now());
            }
            ZoneId zone = catalog.team().timezone();
            LocalDate today = LocalDate.now(zone);
            return NoiseReport.load(app.store().jdbi(), today.minusDays(1), today.plusDays(1), zone);
        }
    }
}
