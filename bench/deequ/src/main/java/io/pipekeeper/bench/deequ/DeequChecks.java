package io.pipekeeper.bench.deequ;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.ApproxCountDistinct;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Compliance;
import com.amazon.deequ.analyzers.CountDistinct;
import com.amazon.deequ.analyzers.Mean;
import com.amazon.deequ.analyzers.PatternMatch;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.analyzers.runners.AnalysisRunBuilder;
import com.amazon.deequ.analyzers.runners.AnalysisRunner;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Option;
import scala.util.matching.Regex;

/**
 * The benchmark's sixteen checks as Deequ analyzers (what Deequ's VerificationSuite computes for the matching
 * constraints), on Spark local[2], over one Parquet file, each Compliance named as pipekeeper names its check. Prints
 * each round's seconds and, once, every metric as Deequ's JSON, for bench/run checks-vs-deequ to compare with
 * pipekeeper's.
 *
 * <p>Usage: DeequChecks FILE ROUNDS ISO_CURRENCIES (comma-separated) [count-distinct|uniqueness|wide]: the key's check as
 * {@code CountDistinct} (Deequ's cheapest), or as the {@code Uniqueness} analyzer that {@code isUnique} runs, which is
 * what users write; or, for bench/run wide-checks, the wide table's checks by its column names (id, nNN integers,
 * sNN texts).
 */
public final class DeequChecks {
    private static final String[] COLUMNS = {"order_id", "user_id", "ordered_at", "product_id", "quantity", "unit_price", "currency"};

    private DeequChecks() {
    }

    public static void main(String[] args) {
        String file = args[0];
        int rounds = Integer.parseInt(args[1]);
        String currencies = String.join(", ", List.of(args[2].split(",")).stream().map(code -> "'" + code + "'").toList());
        String formulation = args.length > 3 ? args[3] : "count-distinct";
        SparkSession spark = SparkSession.builder().appName("deequ-bench").master("local[2]")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8").getOrCreate();
        try {
            String json = null;
            for (int round = 0; round < rounds; round++) {
                long started = System.nanoTime();
                Dataset<Row> orders = spark.read().parquet(file);
                AnalyzerContext result = (formulation.equals("wide") ? wide(orders) : analysis(orders, currencies,
                        formulation.equals("uniqueness"))).run();
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(Locale.ROOT, "deequ-round %.3f%n", seconds);
                json = AnalyzerContext.successMetricsAsJson(result, none());
            }
            System.out.println("deequ-metrics " + json.replace('\n', ' '));
        } finally {
            spark.stop();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AnalysisRunBuilder analysis(Dataset<Row> orders, String currencies, boolean uniqueness) {
        List<Analyzer> analyzers = new ArrayList<>();
        analyzers.add(Size.apply(Option.empty()));
        for (String column : COLUMNS) {
            analyzers.add(Completeness.apply(column, Option.empty(), Option.empty()));
        }
        analyzers.add(uniqueness ? Uniqueness.apply(scala.collection.JavaConverters.asScalaBuffer(List.of("order_id")).toList(), Option.empty(),
                Option.empty()) : CountDistinct.apply("order_id"));
        analyzers.add(compliance("range(quantity)", "quantity IS NULL OR (quantity >= 1 AND quantity <= 1000)"));
        analyzers.add(compliance("range(unit_price)", "unit_price IS NULL OR unit_price >= 0"));
        analyzers.add(compliance("range(product_id)", "product_id IS NULL OR (product_id >= 1 AND product_id <= 300)"));
        analyzers.add(compliance("range(user_id)", "user_id IS NULL OR user_id >= 1"));
        analyzers.add(PatternMatch.apply("currency", new Regex("^[A-Z]{3}$", none()), Option.empty(),
                Option.empty()));
        analyzers.add(compliance("accepted_values(currency)", "currency IS NULL OR currency IN ('USD', 'EUR')"));
        analyzers.add(compliance("format(currency)", "currency IS NULL OR currency IN (" + currencies + ")"));
        AnalysisRunBuilder builder = AnalysisRunner.onData(orders);
        for (Analyzer analyzer : analyzers) {
            builder = builder.addAnalyzer(analyzer);
        }
        return builder;
    }

    /**
     * The wide table's checks: every column complete, the key unique, each integer in range with its approximate
     * distinct count and mean (pipekeeper's distribution measures), each text among four words and all lower case.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AnalysisRunBuilder wide(Dataset<Row> table) {
        List<Analyzer> analyzers = new ArrayList<>();
        analyzers.add(Size.apply(Option.empty()));
        for (String column : table.columns()) {
            analyzers.add(Completeness.apply(column, Option.empty(), Option.empty()));
            if (column.equals("id")) {
                analyzers.add(Uniqueness.apply(column, Option.empty()));
            } else if (column.startsWith("n")) {
                analyzers.add(compliance("range(" + column + ")", column + " IS NULL OR (" + column + " >= 0 AND " + column + " <= 999)"));
                analyzers.add(ApproxCountDistinct.apply(column, Option.empty()));
                analyzers.add(Mean.apply(column, Option.empty()));
            } else {
                analyzers.add(compliance("accepted_values(" + column + ")", column + " IS NULL OR " + column
                        + " IN ('alpha', 'beta', 'gamma', 'delta')"));
                analyzers.add(PatternMatch.apply(column, new Regex("^[a-z]+$", none()), Option.empty(), Option.empty()));
            }
        }
        AnalysisRunBuilder builder = AnalysisRunner.onData(table);
        for (Analyzer analyzer : analyzers) {
            builder = builder.addAnalyzer(analyzer);
        }
        return builder;
    }

    /** Scala's empty list, for the parameters whose default Java cannot leave out. */
    private static <T> scala.collection.immutable.List<T> none() {
        return scala.collection.JavaConverters.asScalaBuffer(new ArrayList<T>()).toList();
    }

    private static Compliance compliance(String name, String predicate) {
        return Compliance.apply(name, predicate, Option.empty(), none(), Option.empty());
    }
}
