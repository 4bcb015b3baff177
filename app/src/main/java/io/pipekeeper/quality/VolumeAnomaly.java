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
        if (history.size() < MIN_POINTS) {
            return new Verdict(false, String.format(Locale.ROOT, "%,d rows", rows),
                    "at least " + MIN_POINTS + " earlier days to learn from (have " + history.size() + ")");
        }
        List<Double> values = history.stream().map(Long::doubleValue).sorted().toList();
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
        double std = Math.max(Math.sqrt(variance), mean * 0.01);
        double low = mean - settings.sensitivity() * std;
        double high = mean + settings.sensitivity() * std;
        double z = (rows - mean) / std;
        double change = mean == 0 ? (rows == 0 ? 0 : 1) : Math.abs(rows - mean) / mean;
        boolean anomalous = Math.abs(z) > settings.sensitivity() && change >= settings.minChange();
        return new Verdict(anomalous,
                String.format(Locale.ROOT, "%,d rows (z = %.1f, %+.0f %% from the mean of %d days)", rows, z, 100 * (rows - mean) / Math.max(mean, 1),
                        normal.size()),
                String.format(Locale.ROOT, "%,.0f to %,.0f rows", Math.max(0, low), high));
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
