package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.access.Role;
import io.pipekeeper.access.Sessions;
import io.pipekeeper.config.Catalog;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Makes a one-time link that logs a person in to the dashboard: it works once, for 15 minutes.",
            "Whoever can run this command can already read the store, so it is the door to the dashboard."})
final class LoginCommand extends BaseCommand {
    @Option(names = "--person", required = true, paramLabel = "P", description = "Who logs in (an id in team.people).")
    String person;

    @Option(names = "--role", defaultValue = "responder", paramLabel = "ROLE",
            description = "viewer, responder (default: acknowledges and resolves) or admin.")
    String role;

    @Option(names = "--scope", paramLabel = "SCOPE", description = "investors: may read the metric values of investor-facing pipelines.")
    List<String> scopes = List.of();

    @Override
    public Integer call() {
        Catalog catalog = catalog();
        IncidentCommands.person(catalog, "--person", person);
        Role parsed = Role.parse(role).orElseThrow(() -> new BadInputException("--role: '" + role + "' is not viewer, responder or admin"));
        for (String scope : scopes) {
            if (!scope.equals("investors")) {
                throw new BadInputException("--scope: '" + scope + "' is not a scope; the only scope is investors");
            }
        }
        try (App app = app(catalog)) {
            String token = new Sessions(app.store().jdbi()).loginLink(person, parsed, scopes, now());
            audit(app, invocation().environment().getOrDefault("USER", "cli"), "login link", "person " + person, parsed.text());
            out().println(catalog.baseUrl().orElse("http://127.0.0.1:8080").replaceAll("/+$", "") + "/login/" + token);
            invocation().err().println("a one-time login for " + person + " (" + parsed.text() + "), valid 15 minutes"
                    + (catalog.baseUrl().isEmpty() ? "; set base_url in the configuration if the server is elsewhere" : ""));
        }
        return Cli.OK;
    }
}
