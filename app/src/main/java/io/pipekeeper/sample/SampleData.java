package io.pipekeeper.sample;

import io.pipekeeper.PipekeeperException;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes the seed's four sources (users, orders, product_costs, events) for a range of days, deterministic for
 * a seed, generated inside DuckDB rather than row by row. Scale 1 is about 1,000,000 orders, 2,000,000 events
 * and 5,000 sign-ups a day over a base of 1,000,000 users; weekends are quieter, and volume grows 0.2 % a day.
 * Faults write realistic problems on chosen days. Every file is written beside its place and renamed into it.
 */
public final class SampleData {
    static final List<String> SOURCES = List.of("users", "orders", "product_costs", "events");
    static final int PRODUCTS = 300;

    private final Catalog catalog;

    public SampleData(Catalog catalog) {
        this.catalog = catalog;
        for (String source : SOURCES) {
            if (!catalog.sources().containsKey(source)) {
                throw new PipekeeperException("data generate writes the seed's four sources (" + String.join(", ", SOURCES)
                        + "), but the configuration has no source '" + source + "'; see examples/seed/pipekeeper.yaml");
            }
            if (catalog.sources().get(source).remote()) {
                throw new PipekeeperException("data generate writes files on this machine, under storage.raw, but source '" + source
                        + "' is at " + catalog.sources().get(source).path() + "; generate into a copy of the file whose sources are local paths");
            }
        }
    }

    /** What to generate. */
    public record Options(LocalDate from, LocalDate to, double scale, long seed, List<Fault> faults) {
        public Options {
            faults = List.copyOf(faults);
        }
    }

    /** What was written. */
    public record Summary(long rows, Duration wall, Map<String, Long> rowsBySource) {
        public double rowsPerSecond() {
            return rows / Math.max(wall.toNanos() / 1e9, 1e-9);
        }
    }

    public Summary generate(Options options, Consumer<LocalDate> progress) {
        long started = System.nanoTime();
        Map<String, Long> rows = new LinkedHashMap<>();
        SOURCES.forEach(source -> rows.put(source, 0L));
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + Math.max(1, Runtime.getRuntime().availableProcessors()));
            long baseUsers = Math.round(1_000_000 * options.scale());
            LocalDate baseDay = options.from().minusDays(1);
            rows.merge("users", write(statement, "users", baseDay, users(1, baseUsers, baseDay, 365, options.seed()), options), Long::sum);
            rows.merge("product_costs", writeCosts(statement, options), Long::sum);
            long users = baseUsers;
            long orders = 0;
            long events = 0;
            long sessions = 0;
            for (LocalDate day = options.from(); !day.isAfter(options.to()); day = day.plusDays(1)) {
                double volume = volume(options, day);
                long signups = Math.round(5_000 * options.scale() * volume);
                rows.merge("users", write(statement, "users", day, users(users + 1, signups, day, 0, options.seed()), options), Long::sum);
                users += signups;
                long dayOrders = Math.round(1_000_000 * options.scale() * volume * multiplier(options, "orders", day));
                rows.merge("orders", write(statement, "orders", day, orders(orders, dayOrders, users, day, options.seed()), options), Long::sum);
                orders += dayOrders;
                long dayEvents = Math.round(2_000_000 * options.scale() * volume * multiplier(options, "events", day));
                rows.merge("events", write(statement, "events", day, events(events, sessions, dayEvents, users, day, options.seed()), options),
                        Long::sum);
                events += dayEvents;
                sessions += dayEvents / 5 + 1;
                progress.accept(day);
            }
        } catch (SQLException | IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new PipekeeperException("cannot generate sample data into " + catalog.storage().raw() + ": " + message, e);
        }
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        return new Summary(total, Duration.ofNanos(System.nanoTime() - started), rows);
    }

    /** Weekday seasonality and 0.2 % growth a day. */
    private static double volume(Options options, LocalDate day) {
        double weekday = day.getDayOfWeek() == DayOfWeek.SATURDAY ? 0.8 : day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0.75 : 1.0;
        return weekday * (1 + 0.002 * (day.toEpochDay() - options.from().toEpochDay()));
    }

    private static double multiplier(Options options, String source, LocalDate day) {
        double factor = 1;
        for (Fault fault : options.faults()) {
            if (fault.date().equals(day) && fault.source().equals(source)) {
                factor *= fault.kind() == Fault.Kind.VOLUME_SPIKE ? 5 : fault.kind() == Fault.Kind.VOLUME_DROP ? 0.1 : 1;
            }
        }
        return factor;
    }

    // Each row draws one hash (kept as a BIGINT, so that arithmetic stays 64-bit) and takes its fields from
    // different bits of it: one hash a row keeps generation fast on two cores.

    private static String users(long firstId, long count, LocalDate day, int spreadDays, long seed) {
        String signedUp = spreadDays == 0
                ? "TIMESTAMP '" + day + "' + to_seconds((h % 86400)::BIGINT)"
                : "TIMESTAMP '" + day + "' - to_seconds((h % " + spreadDays * 86400L + ")::BIGINT)";
        return "SELECT i::BIGINT AS user_id, " + signedUp + " AS signed_up_at,"
                + " ['US', 'GB', 'DE', 'FR', 'BR', 'IN', 'JP', 'CA'][(1 + (h >> 32) % 8)::BIGINT] AS country,"
                + " ['ios', 'android', 'web'][(1 + (h >> 36) % 3)::BIGINT] AS platform,"
                + " CASE WHEN (h >> 40) % 2 = 0 THEN 'control' ELSE 'treatment' END AS experiment_group,"
                + " 'user' || i || '@example.com' AS email"
                + " FROM (SELECT i, (hash(i, " + seed + ", 11) >> 1)::BIGINT AS h FROM range(" + firstId + ", " + (firstId + count) + ") t(i))";
    }

    /** A product's list price, the same in orders and in its costs. */
    private static String price(String productId, long seed) {
        return "(5 + ((" + productId + " * 7919 + " + seed + " * 104729) % 9500) / 100.0)";
    }

    private static String orders(long offset, long count, long users, LocalDate day, long seed) {
        return "SELECT (" + offset + " + i + 1)::BIGINT AS order_id,"
                + " (1 + h % " + users + ")::BIGINT AS user_id,"
                + " TIMESTAMP '" + day + "' + to_microseconds(((h >> 8) % 86400000000)::BIGINT) AS ordered_at,"
                + " product_id, (1 + (h >> 45) % 4)::INTEGER AS quantity,"
                + " " + price("product_id", seed) + "::DECIMAL(12,2) AS unit_price,"
                + " CASE WHEN (h >> 50) % 20 = 0 THEN 'EUR' ELSE 'USD' END AS currency"
                + " FROM (SELECT i, h, (1 + (h >> 36) % " + PRODUCTS + ")::INTEGER AS product_id"
                + " FROM (SELECT i, (hash(i, " + seed + ", " + day.toEpochDay() + ", 21) >> 1)::BIGINT AS h FROM range(" + count + ") t(i)))";
    }

    private static String events(long offset, long sessionOffset, long count, long users, LocalDate day, long seed) {
        return "SELECT (" + offset + " + i + 1)::BIGINT AS event_id,"
                + " (1 + s % " + users + ")::BIGINT AS user_id,"
                + " (" + sessionOffset + " + i // 5 + 1)::BIGINT AS session_id,"
                + " TIMESTAMP '" + day + "' + to_seconds(((s >> 24) % 84000 + (i % 5) * (30 + ((s >> 40) + i * 37) % 240))::BIGINT)"
                + " AS occurred_at,"
                + " CASE ((s >> 16) + i * 7) % 5 WHEN 0 THEN 'click' WHEN 1 THEN 'add_to_cart' WHEN 2 THEN 'purchase' ELSE 'view' END"
                + " AS event_type"
                + " FROM (SELECT i, (hash(i // 5, " + seed + ", " + day.toEpochDay() + ", 31) >> 1)::BIGINT AS s FROM range(" + count + ") t(i))";
    }

    private long writeCosts(Statement statement, Options options) throws SQLException, IOException {
        LocalDate change = options.from().plusDays((options.to().toEpochDay() - options.from().toEpochDay()) / 2);
        String select = "SELECT product_id::INTEGER AS product_id, (" + price("product_id", options.seed()) + " * (0.4 + (product_id * 31 % 30)"
                + " / 100.0))::DECIMAL(12,2) AS unit_cost, DATE '" + options.from().minusDays(400)
                + "' AS valid_from FROM range(1, " + (PRODUCTS + 1) + ") t(product_id)"
                + " UNION ALL SELECT product_id::INTEGER, (" + price("product_id", options.seed()) + " * 0.75)::DECIMAL(12,2),"
                + " DATE '" + change + "' FROM range(1, " + (PRODUCTS + 1) + ") t(product_id) WHERE product_id % 5 = 0";
        return write(statement, "product_costs", options.from(), select, options);
    }

    /** Writes one partition (or the unpartitioned source), with the day's faults; returns the rows written. */
    private long write(Statement statement, String sourceId, LocalDate day, String select, Options options)
            throws SQLException, IOException {
        Source source = catalog.sources().get(sourceId);
        Path file = catalog.storage().raw().resolve(source.pathFor(day).replace("*", "part-0"));
        List<Fault> faults = options.faults().stream().filter(f -> f.source().equals(sourceId) && f.date().equals(day)).toList();
        Files.createDirectories(file.getParent());
        if (faults.stream().anyMatch(f -> f.kind() == Fault.Kind.MISSING_PARTITION)) {
            clearPartition(file.getParent());
            return 0;
        }
        String query = select;
        for (Fault fault : faults) {
            query = FaultSql.apply(fault, query, source, options.seed());
        }
        Path staging = file.resolveSibling("." + file.getFileName() + ".tmp");
        long rows;
        if (faults.stream().anyMatch(f -> f.kind() == Fault.Kind.CORRUPT_FILE)) {
            Files.writeString(staging, "PAR1 this partition was cut off while it was being written");
            rows = 0;
        } else {
            // Parquet v2 pages: faster to write and a third smaller than v1 here; DuckDB and Spark 3.3+ read them.
            rows = statement.executeLargeUpdate("COPY (" + query + ") TO '" + staging + "' (FORMAT parquet, PARQUET_VERSION v2)");
        }
        Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (source.partition() == Source.Partition.DAILY) {
            // A day's partition is due by arrives_by the next morning: it lands an hour before, or, when it is
            // late, three hours after; never after now (yesterday's partition, made before that hour, landed now). A
            // time in the future read as a file still being written, and the demo, run between midnight and 3 a.m.
            // in the team's zone, waited for it forever.
            LocalTime arrivesBy = source.arrivesBy().orElse(LocalTime.of(4, 0));
            boolean late = faults.stream().anyMatch(f -> f.kind() == Fault.Kind.LATE_PARTITION);
            Instant lands = day.plusDays(1).atTime(arrivesBy).plusHours(late ? 3 : -1).atZone(catalog.team().timezone()).toInstant();
            Instant now = Instant.now();
            Files.setLastModifiedTime(file, FileTime.from(lands.isAfter(now) ? now : lands));
        }
        return rows;
    }

    private static void clearPartition(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(folder);
    }

    static String describe(Summary summary) {
        return String.format(Locale.ROOT, "%,d rows in %.1f s (%,.0f rows/s): %s", summary.rows(),
                summary.wall().toMillis() / 1000.0, summary.rowsPerSecond(), summary.rowsBySource());
    }

}
