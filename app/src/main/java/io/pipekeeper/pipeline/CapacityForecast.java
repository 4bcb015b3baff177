package io.pipekeeper.pipeline;

import com.cronutils.model.time.ExecutionTime;
import io.pipekeeper.config.Pipeline;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether a pipeline will soon stop fitting between its cron time and its deadline. Fits a straight line
 * through the wall time of its recent successful runs against their dates (least squares over the last
 * {@value #HISTORY} runs, at least {@value #MIN_POINTS}); when the line crosses the window within
 * {@value #HORIZON_DAYS} days, that day is the predicted date. Pure: it reads only the runs it is given.
 */
public final class CapacityForecast {
    static final int HISTORY = 28;
    static final int MIN_POINTS = 7;
    static final int HORIZON_DAYS = 14;

    private CapacityForecast() {
    }

    /** The forecast: when runs will no longer fit, the expected run time then, and the window. */
    public record Risk(String pipeline, LocalDate predictedDate, Duration predictedWall, Duration window, double slopeMillisPerDay) {
    }

    /** The time from the pipeline's first cron run of a day to its deadline, when it has one. */
    public static Optional<Duration> window(Pipeline pipeline, ZoneId zone, LocalDate day) {
        return pipeline.schedule().deadline().flatMap(deadline -> {
            ZonedDateTime midnight = day.atStartOfDay(zone);
            return ExecutionTime.forCron(pipeline.schedule().cron()).nextExecution(midnight.minusNanos(1))
                    .filter(first -> first.toLocalDate().equals(day))
                    .map(first -> Duration.between(first, day.atTime(deadline).atZone(zone)))
                    .filter(window -> !window.isNegative() && !window.isZero());
        });
    }

    /** The risk seen from {@code today}, or empty when the runs keep fitting (or history is too short). */
    public static Optional<Risk> assess(Pipeline pipeline, ZoneId zone, List<Run> history, LocalDate today) {
        Optional<Duration> window = window(pipeline, zone, today);
        List<Run> recent = history.stream()
                .filter(run -> run.status() == Run.Status.SUCCEEDED && run.pipeline().equals(pipeline.id()))
                .sorted(Comparator.comparing(Run::date))
                .toList();
        if (window.isEmpty() || recent.size() < MIN_POINTS) {
            return Optional.empty();
        }
        recent = recent.subList(Math.max(0, recent.size() - HISTORY), recent.size());
        double n = recent.size();
        double meanX = recent.stream().mapToDouble(run -> run.date().toEpochDay()).average().orElse(0);
        double meanY = recent.stream().mapToDouble(Run::wallMillis).average().orElse(0);
        double covariance = recent.stream().mapToDouble(run -> (run.date().toEpochDay() - meanX) * (run.wallMillis() - meanY)).sum();
        double variance = recent.stream().mapToDouble(run -> Math.pow(run.date().toEpochDay() - meanX, 2)).sum();
        if (variance == 0 || n < MIN_POINTS) {
            return Optional.empty();
        }
        double slope = covariance / variance;
        double intercept = meanY - slope * meanX;
        for (int ahead = 1; ahead <= HORIZON_DAYS; ahead++) {
            LocalDate day = today.plusDays(ahead);
            double predicted = intercept + slope * day.toEpochDay();
            if (predicted > window.get().toMillis()) {
                return Optional.of(new Risk(pipeline.id(), day, Duration.ofMillis((long) predicted), window.get(), slope));
            }
        }
        return Optional.empty();
    }

}
