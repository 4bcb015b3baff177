package io.pipekeeper.spark;

import io.pipekeeper.config.Source;
import io.pipekeeper.engine.Dialect;
import io.pipekeeper.engine.EngineSession;
import io.pipekeeper.engine.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/** A Spark session of its own (its temporary views are its own) over the shared Spark context. */
final class SparkTables implements EngineSession {
    private static final Dialect SQL = SparkDialect.INSTANCE;

    private final SparkSession spark;
    /** Folders of links to hidden files, removed when the session closes. */
    private final List<Path> links = new ArrayList<>();

    SparkTables(SparkSession spark) {
        this.spark = spark;
    }

    @Override
    public Dialect dialect() {
        return SQL;
    }

    @Override
    public void view(String name, InputFiles.Resolved files) throws SQLException {
        attempt(() -> {
            Dataset<Row> table = read(files);
            table = files.cleanRows().map(table::where).orElse(table);
            table.createOrReplaceTempView(name);
            return null;
        });
    }

    /** An input's files: Parquet by column name, CSV with the contract's types. */
    Dataset<Row> read(InputFiles.Resolved files) {
        String[] paths = files.locations().toArray(String[]::new);
        if (files.format() == Source.Format.CSV) {
            String schema = files.columns().entrySet().stream()
                    .map(column -> SQL.quote(column.getKey()) + " " + SparkTypes.sparkName(column.getValue()))
                    .collect(Collectors.joining(", "));
            return spark.read().schema(schema).option("header", "true").csv(paths);
        }
        return spark.read().option("mergeSchema", "true").parquet(paths);
    }

    @Override
    public void view(String name, Path parquet) throws SQLException {
        attempt(() -> {
            spark.read().parquet(visible(parquet).toString()).createOrReplaceTempView(name);
            return null;
        });
    }

    /**
     * Spark skips files whose names start with a dot, as staged outputs' do: such a file is read through a hard
     * link named data.parquet in a hidden folder beside it (which the next clean-up removes if a crash leaves it).
     */
    private Path visible(Path parquet) throws IOException {
        if (!parquet.getFileName().toString().startsWith(".")) {
            return parquet;
        }
        Path folder = Files.createDirectories(parquet.resolveSibling(parquet.getFileName() + ".read"));
        links.add(folder);
        Path link = folder.resolve("data.parquet");
        Files.deleteIfExists(link);
        return Files.createLink(link, parquet);
    }

    @Override
    public String reader(InputFiles.Resolved files) {
        return (files.format() == Source.Format.CSV ? "csv." : "parquet.") + SQL.quote(glob(files.locations()));
    }

    @Override
    public String reader(List<String> parquet) {
        return "parquet." + SQL.quote(glob(parquet));
    }

    /** One path, or a Hadoop glob of several: {a,b}. */
    private static String glob(List<String> files) {
        return files.size() == 1 ? files.get(0) : files.stream().collect(Collectors.joining(",", "{", "}"));
    }

    @Override
    public List<List<Object>> rows(String sql) throws SQLException {
        return attempt(() -> {
            List<List<Object>> rows = new ArrayList<>();
            for (Row row : spark.sql(sql).collectAsList()) {
                List<Object> values = new ArrayList<>(row.length());
                for (int i = 0; i < row.length(); i++) {
                    values.add(row.get(i));
                }
                rows.add(values);
            }
            return rows;
        });
    }

    @Override
    public List<Map<String, Object>> records(String sql) throws SQLException {
        return attempt(() -> {
            Dataset<Row> result = spark.sql(sql);
            String[] names = result.columns();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Row row : result.collectAsList()) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < names.length; i++) {
                    values.put(names[i], row.isNullAt(i) ? null : row.get(i).toString());
                }
                rows.add(values);
            }
            return rows;
        });
    }

    @Override
    public Map<String, String> describe(String view) throws SQLException {
        return attempt(() -> {
            Map<String, String> columns = new LinkedHashMap<>();
            for (StructField field : spark.table(SQL.quote(view)).schema().fields()) {
                columns.put(field.name(), SparkTypes.duckDbName(field.dataType()));
            }
            return columns;
        });
    }

    @Override
    public long parquetRows(List<String> files) throws SQLException {
        // The footers, read here with Parquet's own reader: a Spark job per count costs a tenth of a second, and
        // a volume check counts four weeks of partitions.
        return attempt(() -> {
            long rows = 0;
            for (String file : files) {
                try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(hadoopPath(file),
                        spark.sparkContext().hadoopConfiguration()))) {
                    rows += footer.getRecordCount();
                }
            }
            return rows;
        });
    }

    /** A location as Hadoop reads it: a URI ({@code hdfs://…}, {@code file:/…}) as it is, a local path through its file: URI. */
    private static org.apache.hadoop.fs.Path hadoopPath(String location) {
        return new org.apache.hadoop.fs.Path(location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") ? java.net.URI.create(location)
                : Path.of(location).toUri());
    }

    @Override
    public long writeParquet(String sql, Path file) throws SQLException {
        return attempt(() -> SingleParquetFile.write(spark.sql(sql), file));
    }

    /** Spark's failures as SQLExceptions whose first line says what went wrong, as DuckDB's do. */
    private static <T> T attempt(Callable<T> work) throws SQLException {
        try {
            return work.call();
        } catch (Exception e) {
            throw new SQLException(SparkDiagnosis.firstLine(e), e);
        }
    }

    @Override
    public void close() {
        // Its temporary views go with the session object; the Spark context stays for the next run.
        links.forEach(SingleParquetFile::deleteQuietly);
    }
}
