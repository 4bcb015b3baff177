package io.pipekeeper.spark;

import io.pipekeeper.config.Durations;
import io.pipekeeper.config.Resources;
import io.pipekeeper.engine.EngineFailure;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed Spark run in words a person on call can act on: an executor lost (retried: the cluster may replace
 * it), out of memory in a stage (with the setting to raise), a file that is not whole, bad SQL.
 */
final class SparkDiagnosis {
    private static final Pattern STAGE = Pattern.compile("in stage ([0-9]+(?:\\.[0-9]+)?)");

    private SparkDiagnosis() {
    }

    static EngineFailure of(String pipeline, Throwable error, Resources resources, boolean timedOut) {
        String message = everyMessage(error);
        String firstLine = firstLine(error);
        String stage = stage(message);
        if (timedOut) {
            return new EngineFailure(EngineFailure.Kind.TIMEOUT, "ran out of time at the " + Durations.format(resources.timeout())
                    + " limit in " + pipeline + " on Spark" + stage + "; raise resources.timeout, or give the cluster more executors", error);
        }
        if (message.contains("OutOfMemoryError") || message.contains("SparkOutOfMemoryError") || message.contains("Not enough memory")
                || message.contains("exceeding memory limits") || message.contains("Unable to acquire")) {
            return new EngineFailure(EngineFailure.Kind.OUT_OF_MEMORY, "ran out of memory" + stage + " in " + pipeline
                    + " on Spark; raise spark.conf spark.executor.memory (or spark.driver.memory for local[*]), or spark.sql.shuffle.partitions"
                    + " so that each task holds less (" + firstLine + ")", error);
        }
        if (message.contains("ExecutorLostFailure") || message.contains("Executor lost") || message.contains("executor lost")
                || message.contains("FetchFailed")) {
            return new EngineFailure(EngineFailure.Kind.TRANSIENT, "an executor was lost" + stage + " in " + pipeline
                    + " on Spark (preempted, crashed or killed for its memory; the cluster's logs say which): " + firstLine, error);
        }
        if (message.contains("CANNOT_READ_FILE_FOOTER") || message.contains("is not a Parquet file") || message.contains("FAILED_READ_FILE")
                || message.contains("FileNotFoundException") || message.contains("PATH_NOT_FOUND")) {
            return new EngineFailure(EngineFailure.Kind.TRANSIENT, pipeline + " read a file that is not a whole Parquet file, or is gone"
                    + " (still being written, or corrupt): " + firstLine, error);
        }
        return new EngineFailure(EngineFailure.Kind.PERMANENT, pipeline + " failed on Spark: " + firstLine, error);
    }

    /** " in stage 3.0" when the message names one, else "". */
    private static String stage(String message) {
        Matcher m = STAGE.matcher(message);
        return m.find() ? " in stage " + m.group(1) : "";
    }

    private static String everyMessage(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
            if (t.getCause() == t) {
                break;
            }
        }
        return all.toString();
    }

    static String firstLine(Throwable error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage().strip();
        return message.lines().findFirst().orElse(message);
    }
}
