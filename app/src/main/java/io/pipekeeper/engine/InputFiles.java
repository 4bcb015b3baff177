package io.pipekeeper.engine;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Input;
import io.pipekeeper.config.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files behind each input of a run: a source's partitions in the input's window, or the published
 * outputs of an upstream pipeline. The run's own day must be there; earlier days in a window may be missing
 * (the data may start later than the window).
 */
public final class InputFiles {
    private final Catalog catalog;
    /** The lister of sources behind URIs, found when the first such source is resolved. */
    private SourceFiles remote;

    public InputFiles(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The files of one input, or why the run cannot start.
     *
     * @param columns   the source's contract (column → type), which a CSV reader applies; empty for outputs
     * @param cleanRows a condition the rows must meet, when quarantine checks set some aside
     */
    public record Resolved(Input input, List<DataFile> files, Optional<String> missing, Source.Format format,
                           Map<String, String> columns, Optional<String> cleanRows) {
        public Resolved {
            files = List.copyOf(files);
            columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        }

        Resolved(Input input, List<DataFile> files, Optional<String> missing, Source.Format format, Map<String, String> columns) {
            this(input, files, missing, format, columns, Optional.empty());
        }

        /** Where the files are, as engines read them. */
        public List<String> locations() {
            return files.stream().map(DataFile::location).toList();
        }

        /** The same files, read without the rows that quarantine checks set aside. */
        public Resolved keeping(Optional<String> condition) {
            return new Resolved(input, files, missing, format, columns, condition);
        }
    }

    public Resolved resolve(Input input, LocalDate date) {
        return input.kind() == Input.Kind.SOURCE ? source(input, catalog.sources().get(input.name()), date) : pipeline(input, date);
    }

    private Resolved source(Input input, Source source, LocalDate date) {
        SourceFiles listing = listing(source);
        if (source.partition() == Source.Partition.NONE) {
            List<DataFile> files = listing.glob(source.path());
            return new Resolved(input, files, files.isEmpty()
                    ? Optional.of("source " + source.id() + " has no files at " + listing.shown(source.path())) : Optional.empty(),
                    source.format(), source.schema());
        }
        List<DataFile> today = listing.glob(source.pathFor(date));
        if (today.isEmpty()) {
            return new Resolved(input, List.of(), Optional.of("source " + source.id() + " has no partition for " + date
                    + " (looked for " + listing.shown(source.pathFor(date)) + ")"), source.format(), source.schema());
        }
        List<DataFile> files = new ArrayList<>();
        for (LocalDate day : windowDays(input, date, () -> partitionDates(listing, source, date))) {
            files.addAll(day.equals(date) ? today : listing.glob(source.pathFor(day)));
        }
        return new Resolved(input, files, Optional.empty(), source.format(), source.schema());
    }

    private SourceFiles listing(Source source) {
        if (!source.remote()) {
            return new LocalFiles(catalog.storage().raw());
        }
        if (remote == null) {
            remote = SourceFiles.remote(catalog);
        }
        return remote;
    }

    private Resolved pipeline(Input input, LocalDate date) {
        Path output = Publisher.outputFile(catalog.storage().warehouse(), input.name(), date);
        if (!Files.isRegularFile(output)) {
            return new Resolved(input, List.of(), Optional.of("upstream " + input.name() + " has no output for " + date
                    + " (" + output + ")"), Source.Format.PARQUET, Map.of());
        }
        List<DataFile> files = new ArrayList<>();
        for (LocalDate day : windowDays(input, date, () -> Publisher.publishedDates(catalog.storage().warehouse(), input.name(), date))) {
            Path file = Publisher.outputFile(catalog.storage().warehouse(), input.name(), day);
            if (Files.isRegularFile(file)) {
                files.add(LocalFiles.file(file));
            }
        }
        return new Resolved(input, files, Optional.empty(), Source.Format.PARQUET, Map.of());
    }

    private static List<LocalDate> windowDays(Input input, LocalDate date, java.util.function.Supplier<List<LocalDate>> all) {
        if (input.windowDays().isEmpty()) {
            return all.get();
        }
        List<LocalDate> days = new ArrayList<>();
        for (int back = input.windowDays().get() - 1; back >= 0; back--) {
            days.add(date.minusDays(back));
        }
        return days;
    }

    /** Every day up to {@code date} for which the source has a partition folder. */
    private static List<LocalDate> partitionDates(SourceFiles listing, Source source, LocalDate date) {
        String pattern = source.path();
        String folderPattern = pattern.substring(0, pattern.indexOf("{date}") + "{date}".length());
        int slash = folderPattern.lastIndexOf('/');
        String parent = slash < 0 ? "" : folderPattern.substring(0, slash);
        String prefix = folderPattern.substring(slash + 1, folderPattern.indexOf("{date}"));
        return listing.children(parent).stream()
                .filter(name -> name.startsWith(prefix) && name.length() == prefix.length() + 10)
                .map(name -> parseDate(name.substring(prefix.length())))
                .flatMap(Optional::stream)
                .filter(day -> !day.isAfter(date))
                .sorted()
                .toList();
    }

    static Optional<LocalDate> parseDate(String text) {
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
