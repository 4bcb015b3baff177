package io.pipekeeper.cli;

import io.pipekeeper.DrillClock;
import io.pipekeeper.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The drill clock, for drills, tests and demos: {@code clock set}, {@code clock advance}, {@code clock show}. Every
 * pipekeeper process started with {@value DrillClock#VARIABLE}=FILE takes "now" from FILE; without the variable these
 * commands refuse and say how to turn it on.
 */
@Command(name = "clock", mixinStandardHelpOptions = true, description = "The drill clock (PIPEKEEPER_CLOCK=FILE): set, advance or show it.",
        subcommands = {ClockCommand.Set.class, ClockCommand.Advance.class, ClockCommand.Show.class})
final class ClockCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return Cli.OK;
    }

    /** The drill clock this invocation's environment names; refused (exit 2) when it names none. */
    static DrillClock drillClock(BaseCommand command) {
        return DrillClock.from(command.invocation().environment(), command.invocation().workingDir()).orElseThrow(() -> new BadInputException(
                "the drill clock is off: set " + DrillClock.VARIABLE + "=FILE in the environment of every pipekeeper process of the drill"
                        + " (the command line, scheduler and serve), then 'pipekeeper clock set 2026-01-06T10:00:00-06:00'; it is for"
                        + " drills, tests and demos, never for a team's real paging (docs/paging.md)"));
    }

    static void print(BaseCommand command, Instant now) {
        command.out().println(OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Sets the drill clock to an ISO-8601 instant with its offset.")
    static final class Set extends BaseCommand {
        @Parameters(paramLabel = "INSTANT", description = "As 2026-01-06T10:00:00-06:00 or 2026-01-06T16:00:00Z.")
        String instant;

        @Override
        public Integer call() {
            DrillClock clock = drillClock(this);
            Instant at;
            try {
                at = OffsetDateTime.parse(instant).toInstant();
            } catch (DateTimeParseException e) {
                throw new BadInputException("INSTANT: '" + instant + "' is not an ISO-8601 instant with its offset; write it as"
                        + " 2026-01-06T10:00:00-06:00 or 2026-01-06T16:00:00Z");
            }
            clock.set(at);
            print(this, at);
            return Cli.OK;
        }
    }

    @Command(name = "advance", mixinStandardHelpOptions = true, description = "Moves the drill clock forward: 30s, 10m, 2h, 1d.")
    static final class Advance extends BaseCommand {
        @Parameters(paramLabel = "DURATION", description = "How far: 30s, 10m, 2h, 1d, 1w.")
        String by;

        @Override
        public Integer call() {
            DrillClock clock = drillClock(this);
            Duration step;
            try {
                step = Durations.parse(by);
            } catch (RuntimeException e) {
                throw new BadInputException("DURATION: '" + by + "' is not a duration; write a whole number and a unit: 30s, 10m, 2h, 1d, 1w");
            }
            Instant at = clock.now().plus(step);
            clock.set(at);
            print(this, at);
            return Cli.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints the drill clock's instant.")
    static final class Show extends BaseCommand {
        @Override
        public Integer call() {
            print(this, drillClock(this).now());
            return Cli.OK;
        }
    }
}
