package io.pipekeeper.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Publishes a pipeline's output atomically. The output of one day is one Parquet file,
 * {@code <warehouse>/<pipeline>/date=<DATE>/data.parquet}. A run writes a hidden staging file beside it and
 * renames it over the old one: rename(2) within a folder is atomic, so a reader, or a crash at any instant,
 * sees the whole old file or the whole new one, never a mix or half a file. Re-running a day replaces it.
 * Staging files (and staging folders of parts) left by a crash are removed by {@link #cleanUp}.
 */
public final class Publisher {
    static final String OUTPUT = "data.parquet";
    public static final String STAGING_PREFIX = ".staging-";

    private Publisher() {
    }

    public static Path outputFile(Path warehouse, String pipeline, LocalDate date) {
        return warehouse.resolve(pipeline).resolve("date=" + date).resolve(OUTPUT);
    }

    /** A fresh, hidden staging file in the day's folder, which is created if needed. */
    public static Path stagingFile(Path warehouse, String pipeline, LocalDate date) {
        Path folder = outputFile(warehouse, pipeline, date).getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        return folder.resolve(STAGING_PREFIX + UUID.randomUUID() + ".parquet");
    }

    /** Swaps the staging file in as the day's output, in one atomic rename. */
    public static Path publish(Path staging, Path warehouse, String pipeline, LocalDate date) {
        Path target = outputFile(warehouse, pipeline, date);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException("the file system under " + target.getParent() + " cannot rename atomically;"
                    + " put storage.warehouse on a local file system", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + target, e);
        }
    }

    /** Removes staging files that an interrupted run left behind; returns them. */
    public static List<Path> cleanUp(Path warehouse) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(warehouse)) {
            return removed;
        }
        try (Stream<Path> files = Files.walk(warehouse, 3)) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith(STAGING_PREFIX)).toList()) {
                deleteTree(file);
                removed.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up " + warehouse, e);
        }
        return removed;
    }

    /** A staging file, or the folder of parts an engine such as Spark writes before it becomes one file. */
    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> inside = Files.list(path)) {
                for (Path child : inside.toList()) {
                    deleteTree(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    /** The days up to {@code date} for which the pipeline has a published output. */
    static List<LocalDate> publishedDates(Path warehouse, String pipeline, LocalDate date) {
        Path root = warehouse.resolve(pipeline);
        List<LocalDate> dates = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return dates;
        }
        try (Stream<Path> children = Files.list(root)) {
            children.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("date="))
                    .map(name -> InputFiles.parseDate(name.substring(5)))
                    .flatMap(java.util.Optional::stream)
                    .filter(day -> !day.isAfter(date) && Files.isRegularFile(outputFile(warehouse, pipeline, day)))
                    .sorted()
                    .forEach(dates::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dates;
    }
}
