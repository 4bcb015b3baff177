package io.pipekeeper.quality;

import io.pipekeeper.signal.Kind;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Check;
import io.pipekeeper.config.Input;
import io.pipekeeper.config.OutputContract;
import io.pipekeeper.config.Source;
import io.pipekeeper.engine.DataFile;
import io.pipekeeper.engine.Dialect;
import io.pipekeeper.engine.Engine;
import io.pipekeeper.engine.EngineSession;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.engine.InputFiles;
import io.pipekeeper.engine.Publisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one table on one date: a source's partition (its contract, its freshness when declared, its
 * checks) or a pipeline's output (its checks), with the table as a view of its name. The checks share one
 * session per engine until {@link #close()}: a fresh DuckDB costs 15–20 ms to open and runs its first scans at about
 * half speed, which was a large part of a day's checks of the seed's pipelines.
 */
public final class CheckRunner implements AutoCloseable {
    private static final String CONTRACT = "the columns and types of the contract";
    /** When a daily partition arrived: minutes after the midnight that ends its date, in the team's zone. */
    static final String ARRIVAL = "arrival.minutes";

    private final Catalog catalog;
    private final Engines engines;
    private final MetricHistory history;
    /** The sessions opened so far, one per engine, kept for the checks that follow until {@link #close()}. */
    private final Map<Engine, EngineSession> sessions = new IdentityHashMap<>();

    /** Where distribution checks find a table's earlier measures. */
    @FunctionalInterface
    public interface MetricHistory {
        /** The values of one measure of a table on the given days (those it has). */
        List<Double> values(String subject, String metric, List<LocalDate> days);

        MetricHistory NONE = (subject, metric, days) -> List.of();
    }

    /** Without history: distribution checks measure, but have nothing to judge against yet. */
    public CheckRunner(Catalog catalog) {
        this(catalog, MetricHistory.NONE);
    }

    /** Every table checked in DuckDB. */
    public CheckRunner(Catalog catalog, MetricHistory history) {
        this(catalog, Engines.duckDbOnly(), history);
    }

    /** Each table checked on the engine of the pipelines that read or write it. */
    public CheckRunner(Catalog catalog, Engines engines, MetricHistory history) {
        this.catalog = catalog;
        this.engines = engines;
        this.history = history;
    }

    /**
     * The results, how many full scans of the table they took, the checks whose failing rows were set aside in
     * quarantine (for the pipelines that read the table, which leave those rows out), and the measures taken.
     */
    public record Outcome(List<CheckResult> results, int scans, List<Quarantined> quarantined, Map<String, Double> metrics) {
        public Outcome {
            results = List.copyOf(results);
            quarantined = List.copyOf(quarantined);
            metrics = Map.copyOf(metrics);
        }

        Outcome(List<CheckResult> results, int scans) {
            this(results, scans, List.of(), Map.of());
        }

        /** The condition that keeps the clean rows, in an engine's SQL, when quarantine set some aside. */
        public Optional<String> cleanRows(Dialect sql) {
            return quarantined.isEmpty() ? Optional.empty() : Optional.of("NOT (" + Quarantined.anyFails(quarantined, sql) + ")");
        }

        public Optional<CheckResult> firstBlocking() {
            return results.stream().filter(CheckResult::blocks).findFirst();
        }
    }

    public Outcome checkSource(String sourceId, LocalDate date) {
        Source source = catalog.sources().get(sourceId);
        InputFiles.Resolved files = new InputFiles(catalog).resolve(Input.ofDay(sourceId, Input.Kind.SOURCE), date);
        if (files.missing().isPresent()) {
            return new Outcome(List.of(error(sourceId, "partition", Check.Type.FRESHNESS, date, files.missing().get())), 0);
        }
        List<CheckResult> results = new ArrayList<>();
        try {
            EngineSession session = session(engines.forSource(catalog, sourceId));
            String reader = session.reader(files);
            session.view(sourceId, files);
            SchemaContract.Diff diff = SchemaContract.compare(source.schema(), session.describe(sourceId));
            results.add(contractResult(source, date, diff, reader));
            source.checks().stream().filter(c -> c.type() == Check.Type.FRESHNESS)
                    .forEach(check -> results.add(freshness(source, check, date, files)));
            for (Check check : source.checks()) {
                if (check.type() == Check.Type.VOLUME) {
                    results.add(volume(session, source, check, date, files.locations()));
                }
            }
            if (!diff.breaking().isEmpty()) {
                return new Outcome(results, 0);
            }
            TableChecks table = new TableChecks(session, sourceId, sourceId, date, reader,
                    files.format() == Source.Format.PARQUET ? files.locations() : List.of());
            results.addAll(table.run(source.checks()));
            for (Check check : source.checks()) {
                if (check.type() == Check.Type.REFERENCES) {
                    results.add(table.references(check, referencedView(session, check, date)));
                }
            }
            Map<String, Double> metrics = new LinkedHashMap<>(table.metrics());
            results.addAll(distribution(sourceId, source.checks(), date, metrics));
            arrival(source, date, files.files()).ifPresent(minutes -> {
                metrics.put(ARRIVAL, minutes);
                source.checks().stream().filter(c -> c.type() == Check.Type.VOLUME).findFirst()
                        .ifPresent(check -> results.add(arrivalAnomaly(source.id(), check, date, minutes)));
            });
            quarantine(session, sourceId, date, table.quarantined());
            return new Outcome(results, table.scans(), table.quarantined(), metrics);
        } catch (SQLException e) {
            // Not blocking here: a run goes on to read the files itself, retries what may pass (a file still being
            // written) and fails with the engine's diagnosis when it does not.
            return new Outcome(List.of(new CheckResult(sourceId, "readable", Check.Type.FRESHNESS, date, CheckResult.Status.ERROR,
                    Optional.of("critical"), Check.OnFail.WARN, "the partition cannot be read: " + firstLine(e), "a readable partition",
                    0, List.of(), "", Optional.empty())), 0);
        }
    }

    /** Checks a pipeline's output file for a date: the published one, or a staged one before it is published. */
    public Outcome checkOutput(String pipelineId, LocalDate date, Path file) {
        List<Check> checks = catalog.pipeline(pipelineId).checks();
        boolean investors = "investors".equals(catalog.pipeline(pipelineId).audience());
        boolean noPii = investors || checks.stream().anyMatch(c -> c.type() == Check.Type.NO_PII);
        Optional<OutputContract> contract = catalog.pipeline(pipelineId).output();
        if (checks.isEmpty() && !noPii && contract.isEmpty()) {
            return new Outcome(List.of(), 0);
        }
        try {
            EngineSession session = session(engines.forPipeline(catalog.pipeline(pipelineId)));
            String reader = session.reader(List.of(file.toString()));
            session.view(pipelineId, file);
            TableChecks table = new TableChecks(session, pipelineId, pipelineId, date,
                    session.reader(List.of(Publisher.outputFile(catalog.storage().warehouse(), pipelineId, date).toString())),
                    List.of(file.toString()));
            List<CheckResult> results = new ArrayList<>();
            if (contract.isPresent()) {
                results.add(outputContract(pipelineId, contract.get(), date, session.describe(pipelineId), reader));
            }
            results.addAll(table.run(checks));
            for (Check check : checks) {
                if (check.type() == Check.Type.REFERENCES) {
                    results.add(table.references(check, referencedView(session, check, date)));
                } else if (check.type() == Check.Type.RECONCILE) {
                    results.add(reconcile(session, pipelineId, check, date));
                }
            }
            if (noPii) {
                results.add(noPii(session, pipelineId, date, reader));
            }
            results.addAll(distribution(pipelineId, checks, date, table.metrics()));
            return new Outcome(results, table.scans(), List.of(), table.metrics());
        } catch (SQLException e) {
            return new Outcome(List.of(error(pipelineId, "readable", Check.Type.SQL, date, "the output cannot be checked: " + firstLine(e))), 0);
        }
    }

    /** The engine's session for checks: opened on first use, then kept. */
    private EngineSession session(Engine engine) throws SQLException {
        EngineSession session = sessions.get(engine);
        if (session == null) {
            session = engine.open();
            sessions.put(engine, session);
        }
        return session;
    }

    /** Closes the sessions opened so far; checks after this open new ones. */
    @Override
    public void close() {
        sessions.values().forEach(EngineSession::close);
        sessions.clear();
    }

    private Optional<Double> arrival(Source source, LocalDate date, List<DataFile> files) {
        if (source.partition() != Source.Partition.DAILY || files.isEmpty()) {
            return Optional.empty();
        }
        Instant latest = files.stream().map(DataFile::modified).max(Instant::compareTo).orElseThrow();
        Instant midnight = date.plusDays(1).atStartOfDay(catalog.team().timezone()).toInstant();
        return Optional.of(java.time.Duration.between(midnight, latest).toSeconds() / 60.0);
    }

    /** A partition arriving at an unusual time, judged like volume against the earlier days' arrival times. */
    private CheckResult arrivalAnomaly(String subject, Check volume, LocalDate date, double minutes) {
        List<LocalDate> days = new ArrayList<>();
        for (int back = 1; back <= volume.anomaly().trainingDays(); back++) {
            days.add(date.minusDays(back));
        }
        VolumeAnomaly.Verdict verdict = VolumeAnomaly.judge(minutes, history.values(subject, ARRIVAL, days), volume.anomaly(),
                "minutes after midnight");
        CheckResult.Status status = !verdict.anomalous() ? CheckResult.Status.PASSED
                : volume.onFail() == Check.OnFail.BLOCK ? CheckResult.Status.FAILED : CheckResult.Status.WARNED;
        return new CheckResult(subject, "arrival", Check.Type.VOLUME, date, status, volume.severity(), volume.onFail(), verdict.observed(),
                verdict.expected(), 0, List.of(), "", Optional.of(Kind.ANOMALY));
    }

    /** Each distribution check's columns: today's measures against the same measures on earlier days. */
    private List<CheckResult> distribution(String subject, List<Check> checks, LocalDate date, Map<String, Double> today) {
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            if (check.type() != Check.Type.DISTRIBUTION) {
                continue;
            }
            List<LocalDate> days = new ArrayList<>();
            for (int back = 1; back <= check.anomaly().trainingDays(); back++) {
                if (!check.anomaly().sameWeekday() || back % 7 == 0) {
                    days.add(date.minusDays(back));
                }
            }
            for (String column : check.columns()) {
                List<String> anomalies = new ArrayList<>();
                List<String> seen = new ArrayList<>();
                for (String metric : List.of("null_rate", "distinct", "mean")) {
                    Double value = today.get(column + "." + metric);
                    if (value == null) {
                        continue;
                    }
                    VolumeAnomaly.Verdict verdict = VolumeAnomaly.judge(value, history.values(subject, column + "." + metric, days),
                            check.anomaly(), metric.replace('_', ' '));
                    seen.add(verdict.observed());
                    if (verdict.anomalous()) {
                        anomalies.add(verdict.observed() + ", expected " + verdict.expected());
                    }
                }
                CheckResult.Status status = anomalies.isEmpty() ? CheckResult.Status.PASSED
                        : check.onFail() == Check.OnFail.BLOCK ? CheckResult.Status.FAILED : CheckResult.Status.WARNED;
                results.add(new CheckResult(subject, "distribution(" + column + ")", Check.Type.DISTRIBUTION, date, status,
                        check.severity(), check.onFail(), anomalies.isEmpty() ? String.join("; ", seen) : String.join("; ", anomalies),
                        CheckSql.expected(check), 0, List.of(), "", Optional.of(Kind.ANOMALY)));
            }
        }
        return results;
    }

    /** The output must be what its versioned contract says: any difference fails the run (contract_conflict). */
    private static CheckResult outputContract(String pipelineId, OutputContract contract, LocalDate date, Map<String, String> actual,
                                              String reader) {
        SchemaContract.Diff diff = SchemaContract.compare(contract.columns(), actual);
        List<String> all = new ArrayList<>(diff.breaking());
        all.addAll(diff.compatible());
        String expected = "the columns of its contract " + contract.version();
        if (all.isEmpty()) {
            return new CheckResult(pipelineId, "contract", Check.Type.SCHEMA, date, CheckResult.Status.PASSED, Optional.empty(),
                    Check.OnFail.BLOCK, "as contract " + contract.version(), expected, 0, List.of(), "DESCRIBE SELECT * FROM " + reader,
                    Optional.of(Kind.CONTRACT_CONFLICT));
        }
        return new CheckResult(pipelineId, "contract", Check.Type.SCHEMA, date, CheckResult.Status.FAILED, Optional.of("critical"),
                Check.OnFail.BLOCK, String.join("; ", all) + "; update the contract (a new major version when a change breaks"
                + " consumers) and their pins", expected, all.size(), List.of(), "DESCRIBE SELECT * FROM " + reader, Optional.of(Kind.CONTRACT_CONFLICT));
    }

    /**
     * Writes the rows that quarantine checks failed to {@code <quarantine>/<source>/date=<DATE>/data.parquet}, each with
     * its {@code _reason}, atomically.
     */
    private void quarantine(EngineSession session, String sourceId, LocalDate date, List<Quarantined> failing) throws SQLException {
        if (failing.isEmpty()) {
            return;
        }
        Dialect sql = session.dialect();
        StringBuilder reason = new StringBuilder("CASE");
        for (Quarantined check : failing) {
            reason.append(" WHEN ").append(check.fails(sql)).append(" THEN ").append(sql.literal(check.reason()));
        }
        reason.append(" END");
        String anyFails = Quarantined.anyFails(failing, sql);
        Path file = catalog.storage().quarantine().resolve(sourceId).resolve("date=" + date).resolve("data.parquet");
        try {
            Files.createDirectories(file.getParent());
            Path staging = file.resolveSibling(".staging-" + java.util.UUID.randomUUID() + ".parquet");
            session.writeParquet("SELECT *, " + reason + " AS _reason FROM " + sql.quote(sourceId) + " WHERE " + anyFails, staging);
            Files.move(staging, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SQLException("cannot write the quarantine file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Personal data in an output: always checked for investors, whose numbers leave the company. */
    private static CheckResult noPii(EngineSession session, String pipelineId, LocalDate date, String reader) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        session.describe(pipelineId).forEach((name, type) -> columns.add(new String[] {name, type}));
        List<String> findings = PiiDetector.findings(session, pipelineId, columns);
        CheckResult.Status status = findings.isEmpty() ? CheckResult.Status.PASSED : CheckResult.Status.FAILED;
        return new CheckResult(pipelineId, "no_pii", Check.Type.NO_PII, date, status, Optional.of("critical"), Check.OnFail.BLOCK,
                findings.isEmpty() ? "no personal data found" : String.join("; ", findings),
                "no column that holds personal data (emails, phone numbers, people's names)", findings.size(), List.of(),
                "DESCRIBE SELECT * FROM " + reader, Optional.of(Kind.PII_LEAK));
    }

    /** Two aggregates that must agree, each over its table for the date (this pipeline's being the output checked). */
    private CheckResult reconcile(EngineSession session, String own, Check check, LocalDate date) throws SQLException {
        Check.Reconcile reconcile = check.reconcile().orElseThrow();
        double left = aggregate(session, own, reconcile.left(), date);
        double right = aggregate(session, own, reconcile.right(), date);
        double difference = Math.abs(left - right) / Math.max(Math.max(Math.abs(left), Math.abs(right)), 1e-12);
        boolean ok = difference <= reconcile.tolerance() || left == right;
        CheckResult.Status status = ok ? CheckResult.Status.PASSED
                : check.onFail() == Check.OnFail.WARN ? CheckResult.Status.WARNED : CheckResult.Status.FAILED;
        return new CheckResult(own, check.name(), Check.Type.RECONCILE, date, status, check.severity(), check.onFail(),
                String.format(java.util.Locale.ROOT, "%s = %s, %s = %s (%.4f %% apart)", reconcile.left(), left, reconcile.right(), right,
                        difference * 100), CheckSql.expected(check), ok ? 0 : 1, List.of(),
                "SELECT " + reconcile.left() + " -- and " + reconcile.right() + ", for " + date, Optional.of(Kind.CHECK_FAILED));
    }

    private double aggregate(EngineSession session, String own, Check.Aggregate aggregate, LocalDate date) throws SQLException {
        String view = aggregate.table().equals(own) ? own : "__ref_" + aggregate.table();
        if (!aggregate.table().equals(own)) {
            Input.Kind kind = catalog.sources().containsKey(aggregate.table()) ? Input.Kind.SOURCE : Input.Kind.PIPELINE;
            InputFiles.Resolved files = new InputFiles(catalog).resolve(Input.ofDay(aggregate.table(), kind), date);
            if (files.missing().isPresent()) {
                throw new SQLException("cannot reconcile: " + files.missing().get());
            }
            session.view(view, files);
        }
        Dialect sql = session.dialect();
        Object value = session.rows("SELECT CAST(" + aggregate.function() + "(" + sql.quote(aggregate.column()) + ") AS DOUBLE) FROM "
                + sql.quote(view)).get(0).get(0);
        return value == null ? 0 : ((Number) value).doubleValue();
    }

    private String referencedView(EngineSession session, Check check, LocalDate date) throws SQLException {
        String table = check.referenceTable().orElseThrow();
        String view = "__ref_" + table;
        Input.Kind kind = catalog.sources().containsKey(table) ? Input.Kind.SOURCE : Input.Kind.PIPELINE;
        InputFiles.Resolved files = new InputFiles(catalog).resolve(Input.ofDay(table, kind), date);
        if (files.missing().isPresent()) {
            throw new SQLException("the referenced " + table + " is not there: " + files.missing().get());
        }
        session.view(view, files);
        return view;
    }

    private static CheckResult contractResult(Source source, LocalDate date, SchemaContract.Diff diff, String reader) {
        String query = "DESCRIBE SELECT * FROM " + reader;
        if (!diff.breaking().isEmpty()) {
            List<String> all = new ArrayList<>(diff.breaking());
            all.addAll(diff.compatible());
            return new CheckResult(source.id(), "schema", Check.Type.SCHEMA, date, CheckResult.Status.FAILED, Optional.of("critical"),
                    Check.OnFail.BLOCK, String.join("; ", all), CONTRACT, diff.breaking().size(),
                    List.of(), query, Optional.of(Kind.SCHEMA_BREAKING));
        }
        if (!diff.compatible().isEmpty()) {
            return new CheckResult(source.id(), "schema", Check.Type.SCHEMA, date, CheckResult.Status.WARNED, Optional.of("minor"),
                    Check.OnFail.WARN, String.join("; ", diff.compatible()) + " (the contract is out of date)",
                    CONTRACT, 0, List.of(), query, Optional.of(Kind.SCHEMA_DRIFT));
        }
        return new CheckResult(source.id(), "schema", Check.Type.SCHEMA, date, CheckResult.Status.PASSED, Optional.empty(),
                Check.OnFail.BLOCK, "as the contract", CONTRACT, 0, List.of(), query, Optional.of(Kind.SCHEMA_BREAKING));
    }


    /** The partition arrived, whole, by arrives_by on the morning after its date. */
    private CheckResult freshness(Source source, Check check, LocalDate date, InputFiles.Resolved partition) {
        Instant latest = partition.files().stream().map(DataFile::modified).max(Instant::compareTo).orElse(Instant.EPOCH);
        LocalTime due = source.arrivesBy().orElse(LocalTime.MIDNIGHT);
        Instant deadline = date.plusDays(1).atTime(due).atZone(catalog.team().timezone()).toInstant();
        boolean onTime = !latest.isAfter(deadline);
        String observed = "arrived " + latest.atZone(catalog.team().timezone()).toLocalDateTime() + " (" + catalog.team().timezone() + ")";
        CheckResult.Status status = onTime ? CheckResult.Status.PASSED
                : check.onFail() == Check.OnFail.WARN ? CheckResult.Status.WARNED : CheckResult.Status.FAILED;
        return new CheckResult(source.id(), check.name(), Check.Type.FRESHNESS, date, status, check.severity(), check.onFail(),
                observed, "by " + date.plusDays(1) + "T" + due, 0, List.of(),
                "ls -l " + folder(partition.locations().get(0)), Optional.of(Kind.CHECK_FAILED));
    }

    /**
     * Today's row count against the same source's earlier days, read from the Parquet footers only. Earlier days
     * that were themselves anomalous (more than the sensitivity from the median, by median absolute deviation) are
     * left out of what is learnt, so that one bad day does not widen the expected range for a month.
     */
    private CheckResult volume(EngineSession session, Source source, Check check, LocalDate date, List<String> today) throws SQLException {
        long rows = session.parquetRows(today);
        List<List<String>> days = new ArrayList<>();
        for (int back = 1; back <= check.anomaly().trainingDays(); back++) {
            if (check.anomaly().sameWeekday() && back % 7 != 0) {
                continue;
            }
            InputFiles.Resolved earlier = new InputFiles(catalog).resolve(Input.ofDay(source.id(), Input.Kind.SOURCE), date.minusDays(back));
            if (earlier.missing().isEmpty()) {
                days.add(earlier.locations());
            }
        }
        List<Long> history = earlierRows(session, days);
        VolumeAnomaly.Verdict verdict = VolumeAnomaly.judge(rows, history, check.anomaly());
        CheckResult.Status status = verdict.anomalous()
                ? check.onFail() == Check.OnFail.WARN ? CheckResult.Status.WARNED : CheckResult.Status.FAILED : CheckResult.Status.PASSED;
        return new CheckResult(source.id(), check.name(), Check.Type.VOLUME, date, status, check.severity(), check.onFail(),
                verdict.observed(), verdict.expected(), 0, List.of(), "SELECT count(*) FROM " + session.reader(today)
                + " -- and the same for each earlier date=… folder", Optional.of(Kind.ANOMALY));
    }

    /**
     * The rows of each earlier day, from all their footers in one read (a month of history read day by day cost about
     * 40 ms a source); day by day when a file cannot be read, leaving out the days that cannot: a corrupt earlier day
     * teaches nothing.
     */
    private static List<Long> earlierRows(EngineSession session, List<List<String>> days) {
        List<Long> history = new ArrayList<>();
        try {
            Map<String, Long> byFile = session.parquetRowsByFile(days.stream().flatMap(List::stream).toList());
            for (List<String> day : days) {
                if (!byFile.keySet().containsAll(day)) {
                    throw new SQLException("a file's name came back changed");
                }
                history.add(day.stream().mapToLong(byFile::get).sum());
            }
            return history;
        } catch (SQLException oneUnreadable) {
            history.clear();
            for (List<String> day : days) {
                try {
                    history.add(session.parquetRows(day));
                } catch (SQLException unreadable) {
                    // a corrupt earlier day teaches nothing
                }
            }
            return history;
        }
    }

    /** The folder of a file's location, local or a URI. */
    private static String folder(String location) {
        int slash = location.lastIndexOf('/');
        return slash <= 0 ? location : location.substring(0, slash);
    }

    private static CheckResult error(String subject, String name, Check.Type type, LocalDate date, String message) {
        return new CheckResult(subject, name, type, date, CheckResult.Status.ERROR, Optional.of("critical"), Check.OnFail.BLOCK,
                message, "a readable partition", 0, List.of(), "", Optional.of(Kind.CHECK_FAILED));
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
