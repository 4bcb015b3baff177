package io.pipekeeper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * pipekeeper's logging, set up in code (found by logback through {@code META-INF/services}): logs go to standard
 * error, so that reports and JSON on standard output stay clean; pipekeeper's own at {@code PIPEKEEPER_LOG_LEVEL}
 * (default INFO), everything else from WARN. A logback.xml would say the same, but logback reads it with its XML
 * configurator, a tenth of a quick command's start. {@code -Dlogback.configurationFile=FILE} still takes a file.
 *
 * <p>Each line has its time (ISO 8601, with the offset), level and logger, and the ids of what it is about (MDC:
 * {@code run_id}, {@code incident_id}, {@code request_id}). {@code PIPEKEEPER_LOG_FORMAT=json} writes one JSON object a
 * line instead (logstash-logback-encoder: {@code @timestamp}, {@code level}, {@code logger_name}, {@code message}, and
 * the ids as fields), for a log shipper.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    static final String LEVEL_VARIABLE = "PIPEKEEPER_LOG_LEVEL";
    static final String FORMAT_VARIABLE = "PIPEKEEPER_LOG_FORMAT";
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{20}%replace( [%mdc]){' \\[\\]', ''} - %msg%n";

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
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context, System.getenv()));
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("io.pipekeeper").setLevel(level(System.getenv(LEVEL_VARIABLE)));
        QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
        String format = System.getenv(FORMAT_VARIABLE);
        if (format != null && !List.of("text", "json").contains(format.strip().toLowerCase(java.util.Locale.ROOT))) {
            context.getLogger(LogConfigurator.class).warn("{}='{}' is not text or json; writing text", FORMAT_VARIABLE, format);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * For a command that answers and ends (all but {@code serve} and {@code scheduler}), pipekeeper's own log from WARN
     * unless {@value #LEVEL_VARIABLE} says otherwise: what it did is its output, and a line per incident it opened or
     * page it sent would repeat it on standard error. A service logs from INFO. Nothing changes under a logback file of
     * the user's own.
     */
    public static void forCommand(boolean service, Map<String, String> environment) {
        String level = environment.get(LEVEL_VARIABLE);
        if (service || (level != null && !level.isBlank()) || System.getProperty("logback.configurationFile") != null
                || !(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.getLogger("io.pipekeeper").setLevel(Level.WARN);
    }

    /** Text lines, or with {@value #FORMAT_VARIABLE}{@code =json} one JSON object a line. */
    static Encoder<ILoggingEvent> encoder(LoggerContext context, Map<String, String> environment) {
        String format = environment.getOrDefault(FORMAT_VARIABLE, "text").strip().toLowerCase(java.util.Locale.ROOT);
        Encoder<ILoggingEvent> encoder;
        if (format.equals("json")) {
            LogstashEncoder json = new LogstashEncoder();
            json.setIncludeContext(false);
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(PATTERN);
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    /** The level a variable names (TRACE, DEBUG, INFO, WARN, ERROR, OFF, in any case); INFO when unset or unknown. */
    static Level level(String text) {
        return text == null || text.isBlank() ? Level.INFO : Level.toLevel(text.strip(), Level.INFO);
    }
}
