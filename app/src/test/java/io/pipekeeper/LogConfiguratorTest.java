package io.pipekeeper;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
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
}
