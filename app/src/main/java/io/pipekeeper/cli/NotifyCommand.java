package io.pipekeeper.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipekeeper.App;
import io.pipekeeper.PipekeeperException;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Person;
import io.pipekeeper.notify.Channel;
import io.pipekeeper.notify.PhoneChannel;
import io.pipekeeper.notify.Via;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipekeeper notify test}: proves a channel reaches a person before an incident has to. */
@Command(name = "notify", mixinStandardHelpOptions = true, description = "Tries the channels pages go through.",
        subcommands = NotifyCommand.Test.class)
final class NotifyCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return Cli.OK;
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Sends a test page to one person over one channel, now.")
    static final class Test extends BaseCommand {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Option(names = "--person", paramLabel = "P", required = true, description = "Who gets it.")
        String personId;

        @Option(names = "--via", paramLabel = "CHANNEL", required = true, description = "email, phone, slack, teams or webhook (slack, teams and the webhook reach the team, naming the person).")
        String via;

        /** A phone test is an SMS and a call, as the configuration turns them on. */
        private static List<Via> phoneChannels(Catalog catalog) {
            List<Via> names = new ArrayList<>();
            catalog.phone().ifPresent(phone -> {
                if (phone.sms()) {
                    names.add(Via.SMS);
                }
                if (phone.voice()) {
                    names.add(Via.VOICE);
                }
            });
            return names;
        }

        @Override
        public Integer call() throws JsonProcessingException {
            Catalog catalog = catalog();
            Person person = catalog.team().person(IncidentCommands.person(catalog, "--person", personId)).orElseThrow();
            String address = switch (via) {
                case "email" -> person.email();
                case "phone" -> person.phone().orElseThrow(() -> new BadInputException("--person: " + personId
                        + " has no phone in team.people; add phone: \"+1…\" to page them by phone"));
                case "slack", "teams" -> "#team";
                case "webhook" -> "test-" + personId;
                default -> throw new BadInputException("--via: '" + via + "' is not a channel pipekeeper sends by; use email, phone, slack, teams or webhook");
            };
            try (App app = app(catalog)) {
                Map<Via, Channel> channels = app.channels();
                List<Via> names = via.equals("phone") ? phoneChannels(catalog) : List.of(Via.valueOf(via.toUpperCase(java.util.Locale.ROOT)));
                if (names.isEmpty() || !channels.keySet().containsAll(names)) {
                    throw new BadInputException("--via: channels." + via + " is not configured in " + shown(configFile())
                            + "; see docs/configuration.md");
                }
                String subject = "pipekeeper test page for " + person.name() + " (" + catalog.team().name() + ")";
                String body = via.equals("webhook") ? JSON.writeValueAsString(Map.of("event", "test", "person", personId, "summary", subject))
                        : "This is a test page from pipekeeper. If it reached you, pages by " + via + " will too.";
                List<String> ids = new ArrayList<>();
                for (Via name : names) {
                    Channel channel = channels.get(name);
                    try {
                        ids.add(channel.send(address, name == Via.SMS ? PhoneChannel.sms(subject) : subject, name == Via.VOICE ? subject : body));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new PipekeeperException("interrupted before the test page went out");
                    } catch (Exception e) {
                        invocation().err().println("pipekeeper: the test page to " + personId + " by " + name + " at " + address + " failed: "
                                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("")));
                        return Cli.FAILED;
                    } finally {
                        channel.idle();
                    }
                }
                out().println("sent a test page to " + personId + " by " + via + " at " + address + " (id " + String.join(", ", ids) + ")");
            }
            return Cli.OK;
        }
    }
}
