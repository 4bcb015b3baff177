package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.access.ApiTokens;
import io.pipekeeper.access.Role;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pipekeeper token create / list / revoke}: API tokens for machines and scripts. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "API tokens: made here, shown once, stored only as a hash.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return Cli.OK;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Makes a token and prints it, the only time it is shown.")
    static final class Create extends BaseCommand {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "What the token is for: grafana, ci-deploy.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer (reads), responder (answers incidents) or admin.")
        String role;

        @Option(names = "--scope", paramLabel = "SCOPE", description = "investors: may read the metric values of investor-facing pipelines.")
        List<String> scopes = List.of();

        @Option(names = "--json", description = "Print {name, role, scopes, token}.")
        boolean json;

        @Override
        public Integer call() {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
                throw new BadInputException("--name: '" + name + "' must be letters, digits, '.', '_' or '-', at most 100");
            }
            Role parsed = Role.parse(role).orElseThrow(() -> new BadInputException("--role: '" + role + "' is not viewer, responder or admin"));
            for (String scope : scopes) {
                if (!scope.equals("investors")) {
                    throw new BadInputException("--scope: '" + scope + "' is not a scope; the only scope is investors");
                }
            }
            try (App app = app(catalog())) {
                String token;
                try {
                    token = new ApiTokens(app.store().jdbi()).create(name, parsed, scopes, now());
                    audit(app, invocation().environment().getOrDefault("USER", "cli"), "token create", "token " + name,
                            parsed.text() + (scopes.isEmpty() ? "" : " " + String.join(",", scopes)));
                } catch (ApiTokens.NameTaken taken) {
                    throw new BadInputException("--name: " + taken.getMessage());
                }
                if (json) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("name", name);
                    out.put("role", parsed.text());
                    out.put("scopes", scopes);
                    out.put("token", token);
                    printJson(out);
                } else {
                    out().println(token);
                    invocation().err().println("token '" + name + "' (" + parsed.text() + ") made; it is shown only now. Send it as "
                            + "Authorization: Bearer <token>");
                }
            }
            return Cli.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The tokens, without their secrets.")
    static final class ListTokens extends BaseCommand {
        @Override
        public Integer call() {
            try (App app = app(catalog())) {
                Table table = new Table("name", "role", "scopes", "created", "revoked");
                new ApiTokens(app.store().jdbi()).list().forEach(t -> table.row(t.name(), t.role().text(), String.join(",", t.scopes()),
                        t.createdAt().toString(), t.revokedAt().map(Instant::toString).orElse("")));
                table.print(out());
            }
            return Cli.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token: it is refused from now on.")
    static final class Revoke extends BaseCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (App app = app(catalog())) {
                if (!new ApiTokens(app.store().jdbi()).revoke(name, now())) {
                    throw new BadInputException("no live token named '" + name + "'; see 'pipekeeper token list'");
                }
                audit(app, invocation().environment().getOrDefault("USER", "cli"), "token revoke", "token " + name, null);
                out().println("token '" + name + "' revoked");
            }
            return Cli.OK;
        }
    }
}
