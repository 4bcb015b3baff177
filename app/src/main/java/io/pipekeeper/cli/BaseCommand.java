package io.pipekeeper.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipekeeper.App;
import io.pipekeeper.DrillClock;
import io.pipekeeper.access.AuditLog;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.engine.Engines;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the invocation, the configuration it names, and JSON output. */
abstract class BaseCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    Invocation invocation() {
        return ((PipekeeperCommand) spec.root().userObject()).invocation;
    }

    PrintWriter out() {
        return invocation().out();
    }

    /** The configuration file as the user named it, resolved against the working directory. */
    Path configFile() {
        PipekeeperCommand top = (PipekeeperCommand) spec.root().userObject();
        return ConfigLoader.locate(top.config(), invocation().environment(), invocation().workingDir());
    }

    /** How messages name the configuration file: relative to the working directory when it is below it. */
    String shown(Path file) {
        Path cwd = invocation().workingDir();
        return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
    }

    Catalog catalog() {
        Path file = configFile();
        return loader().load(file, shown(file));
    }

    /** The loader for this invocation: the engines on the class path, and the environment's overrides of the file. */
    ConfigLoader loader() {
        return new ConfigLoader(Engines.available()).withEnvironment(invocation().environment());
    }

    App app(Catalog catalog) {
        return new App(catalog, environment());
    }

    /** The environment, with the drill clock's file (when it is on) made absolute from the working directory. */
    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(invocation().environment());
        DrillClock.from(environment, invocation().workingDir()).ifPresent(clock -> environment.put(DrillClock.VARIABLE, clock.file().toString()));
        return environment;
    }

    /** "Now": the system's, or the drill clock's with {@value DrillClock#VARIABLE} set. */
    Instant now() {
        return DrillClock.of(environment()).get();
    }

    /** Today in {@code zone}, by {@link #now()}. */
    LocalDate today(ZoneId zone) {
        return LocalDate.ofInstant(now(), zone);
    }

    /** Writes a change made from the command line to the audit log (address {@code cli}). */
    void audit(App app, String actor, String action, String target, String detail) {
        new AuditLog(app.store().jdbi()).record(new AuditLog.Entry(app.now(), actor, action, target, "cli", "done",
                java.util.Optional.ofNullable(detail)));
    }

    void printJson(Object value) {
        try {
            out().println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A duration given on the command line ({@code 2h}); bad input names the option and the form. */
    static java.time.Duration durationOption(String option, String text) {
        try {
            java.time.Duration duration = io.pipekeeper.config.Durations.parse(text);
            if (duration.isZero()) {
                throw new BadInputException(option + ": must be longer than 0");
            }
            return duration;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + ": " + e.getMessage());
        }
    }
}
