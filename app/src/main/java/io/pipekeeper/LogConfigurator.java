package io.pipekeeper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * pipekeeper's logging, set up in code (found by logback through {@code META-INF/services}): logs go to standard
 * error, so that reports and JSON on standard output stay clean; pipekeeper's own at {@code PIPEKEEPER_LOG_LEVEL}
 * (default INFO), everything else from WARN. A logback.xml would say the same, but logback reads it with its XML
 * configurator, a tenth of a quick command's start. {@code -Dlogback.configurationFile=FILE} still takes a file.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    static final String LEVEL_VARIABLE = "PIPEKEEPER_LOG_LEVEL";

    /** Libraries whose warnings are not news to the person reading pipekeeper's output. */
    private static final Map<String, Level> QUIETER = Map.of(
            // db-scheduler warns about time zones on every start; our columns are TIMESTAMP WITH TIME ZONE.
            "com.github.kagkarlsson.scheduler.jdbc", Level.ERROR,
            // Spark (the optional engine) on one machine: Hadoop's missing native library and local-mode notes.
            "org.apache.hadoop.util.NativeCodeLoader", Level.ERROR,
            "org.apache.spark.util.Utils", Level.ERROR,
            // Spark shortens long query plans in its own logs, and says so on every wide check query.
            "org.apache.spark.sql.catalyst.util.SparkStringUtils", Level.ERROR);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // the file named wins
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("io.pipekeeper").setLevel(level(System.getenv(LEVEL_VARIABLE)));
        QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The level a variable names (TRACE, DEBUG, INFO, WARN, ERROR, OFF, in any case); INFO when unset or unknown. */
    static Level level(String text) {
        return text == null || text.isBlank() ? Level.INFO : Level.toLevel(text.strip(), Level.INFO);
    }
}
