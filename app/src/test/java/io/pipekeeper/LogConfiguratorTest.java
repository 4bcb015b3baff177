package io.pipekeeper;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {
    @Test
    void logs_go_to_standard_error_pipekeepers_from_info_and_the_rest_from_warn() {
        LoggerContext context = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);

        assertThat(configurator.configure(context)).isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class,
                appender -> assertThat(appender.getTarget()).isEqualTo("System.err"));
        assertThat(context.getLogger("io.pipekeeper.store").getEffectiveLevel()).isEqualTo(LogConfigurator.level(System.getenv("PIPEKEEPER_LOG_LEVEL")));
        assertThat(context.getLogger("com.github.kagkarlsson.scheduler.jdbc.JdbcTaskRepository").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("org.h2.engine").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void the_level_variable_is_read_in_any_case_and_a_word_it_does_not_know_keeps_info() {
        assertThat(LogConfigurator.level("debug")).isEqualTo(Level.DEBUG);
        assertThat(LogConfigurator.level(" WARN ")).isEqualTo(Level.WARN);
        assertThat(LogConfigurator.level(null)).isEqualTo(Level.INFO);
        assertThat(LogConfigurator.level("")).isEqualTo(Level.INFO);
        assertThat(LogConfigurator.level("loud")).isEqualTo(Level.INFO);
    }

    @Test
    void the_process_is_set_up_by_it() {
        LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).as("found through META-INF/services").isNotNull();
    }

    private static ch.qos.logback.classic.spi.LoggingEvent event(LoggerContext context, Map<String, String> mdc) {
        ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent("fqcn",
                context.getLogger("io.pipekeeper.notify.DeliveryLoop"), Level.INFO, "paged {} by sms", null, new Object[] {"john"});
        event.setMDCPropertyMap(mdc);
        event.setTimeStamp(java.time.Instant.parse("2026-12-06T03:04:05.678Z").toEpochMilli());
        return event;
    }

    @Test
    void text_lines_have_the_date_time_level_logger_and_ids() {
        LoggerContext context = new LoggerContext();
        String line = new String(LogConfigurator.encoder(context, Map.of()).encode(event(context, Map.of("incident_id", "12"))),
                java.nio.charset.StandardCharsets.UTF_8);
        String bare = new String(LogConfigurator.encoder(context, Map.of()).encode(event(context, Map.of())), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(line).matches("2026-12-06T\\d\\d:04:05\\.678(Z|[+-]\\d\\d:\\d\\d) INFO  i\\.p\\.n\\.DeliveryLoop \\[incident_id=12] - paged john by sms\\R");
        assertThat(bare).as("no ids: no brackets").endsWith("DeliveryLoop - paged john by sms" + System.lineSeparator());
    }

    @Test
    void json_lines_are_one_object_each_with_the_ids_as_fields() throws Exception {
        LoggerContext context = new LoggerContext();
        byte[] encoded = LogConfigurator.encoder(context, Map.of("PIPEKEEPER_LOG_FORMAT", " JSON ")).encode(
                event(context, Map.of("run_id", "7", "request_id", "abc")));
        String line = new String(encoded, java.nio.charset.StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        assertThat(json.get("@timestamp").asText()).startsWith("2026-12-06T");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("logger_name").asText()).isEqualTo("io.pipekeeper.notify.DeliveryLoop");
        assertThat(json.get("message").asText()).isEqualTo("paged john by sms");
        assertThat(json.get("run_id").asText()).isEqualTo("7");
        assertThat(json.get("request_id").asText()).isEqualTo("abc");
    }
}
