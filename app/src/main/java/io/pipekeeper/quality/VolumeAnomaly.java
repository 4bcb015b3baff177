package io.pipekeeper.quality;

import io.pipekeeper.config.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Is a day's row count anomalous against the days before it? A z-score against the mean and standard deviation
 * of the trailing days, after leaving out the days that were anomalies themselves (judged robustly, by median
 * and median absolute deviation, at least a tenth of the median), and only when the change is also large in
 * relative terms. Pure.
 */
public final class VolumeAnomaly {
    static final int MIN_POINTS = 7;

    private VolumeAnomaly() {
    }

    /** The judgement, with the observed value and the expected range in words. */
    public record Verdict(boolean anomalous, String observed, String expected) {
    }

    public static Verdict judge(long rows, List<Long> history, Check.Anomaly settings) {
        return judge(rows, history.stream().map(Long::doubleValue).toList(), settings, "rows");
    }

    /** The same judgement for any daily measure: a null rate, a distinct count, a mean. */
    public static Verdict judge(double value, List<Double> history, Check.Anomaly settings, String unit) {
        double rows = value;
        if (history.size() < MIN_POINTS) {
            return new Verdict(false, number(rows) + " " + unit,
                    "at least " + MIN_POINTS + " earlier days to learn from (have " + history.size() + ")");
        }
        List<Double> values = history.stream().sorted().toList();
        double median = median(values);
        List<Double> deviations = new ArrayList<>();
        values.forEach(v -> deviations.add(Math.abs(v - median)));
        // A floor of a tenth of the median keeps ordinary weekly swings (quiet weekends) in what is learnt.
        double mad = Math.max(1.4826 * median(deviations.stream().sorted().toList()), 0.1 * median);
        List<Double> normal = values.stream()
                .filter(v -> mad == 0 ? v == median : Math.abs(v - median) / mad <= settings.sensitivity())
                .toList();
        double mean = normal.stream().mapToDouble(Double::doubleValue).average().orElse(median);
        double variance = normal.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / Math.max(1, normal.size() - 1);
        double std = Math.max(Math.sqrt(variance), Math.abs(mean) * 0.01);
        double low = mean - settings.sensitivity() * std;
        double high = mean + settings.sensitivity() * std;
        double z = std == 0 ? (rows == mean ? 0 : Math.signum(rows - mean) * Double.POSITIVE_INFINITY) : (rows - mean) / std;
        double change = mean == 0 ? (rows == 0 ? 0 : 1) : Math.abs(rows - mean) / Math.abs(mean);
        boolean anomalous = Math.abs(z) > settings.sensitivity() && change >= settings.minChange();
        String away = mean == 0 ? "from a mean of 0" : String.format(Locale.ROOT, "%+.0f %% from the mean", 100 * (rows - mean) / Math.abs(mean));
        String zText = Double.isInfinite(z) ? "z = ∞: the earlier days never varied" : String.format(Locale.ROOT, "z = %.1f", z);
        return new Verdict(anomalous,
                String.format(Locale.ROOT, "%s %s (%s, %s of %d days)", number(rows), unit, zText, away, normal.size()),
                String.format(Locale.ROOT, "%s to %s %s", number(Math.max(0, low)), number(high), unit));
    }

    private static String number(double value) {
        if (value == 0) {
            return "0";
        }
        return value == Math.rint(value) && Math.abs(value) >= 1 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.4g", value);
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
