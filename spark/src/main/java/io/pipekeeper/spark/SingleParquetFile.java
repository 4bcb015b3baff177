package io.pipekeeper.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes a Spark result as the one Parquet file pipekeeper's layout holds: Spark writes a folder of part files,
 * so the rows are gathered into one part, written into a hidden folder beside the target, and that part is
 * moved to the target. A crash leaves only the hidden folder, which the next run's clean-up removes.
 */
final class SingleParquetFile {
    private SingleParquetFile() {
    }

    /** Writes the rows and returns how many there are. */
    static long write(Dataset<Row> rows, Path file) {
        Path parts = file.resolveSibling(file.getFileName() + ".parts");
        try {
            rows.coalesce(1).write().mode(SaveMode.Overwrite).parquet(parts.toString());
            List<Path> written;
            try (Stream<Path> files = Files.list(parts)) {
                written = files.filter(p -> p.getFileName().toString().startsWith("part-") && p.toString().endsWith(".parquet")).toList();
            }
            if (written.size() != 1) {
                throw new IllegalStateException("Spark wrote " + written.size() + " Parquet parts to " + parts + ", not one");
            }
            // Counted from the part's footer, before it takes a hidden name (Spark does not read hidden files).
            long count = rows.sparkSession().read().parquet(written.get(0).toString()).count();
            Files.move(written.get(0), file, StandardCopyOption.REPLACE_EXISTING);
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            deleteQuietly(parts);
        }
    }

    static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a hidden folder; the next clean-up removes it
        }
    }
}
