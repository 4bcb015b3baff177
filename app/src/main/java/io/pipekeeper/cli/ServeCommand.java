package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.Background;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.web.WebServer;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"What a team leaves running: the scheduler, the signal, escalation and delivery loops, and the HTTP",
            "server (the JSON API, the signed links of pages, /health). SIGTERM or Ctrl-C stops it cleanly: the server",
            "finishes the requests in hand and the loops their pass."})
final class ServeCommand extends BaseCommand {
    static final String PORT_VARIABLE = "PIPEKEEPER_PORT";
    static final int DEFAULT_PORT = 8080;

    @Option(names = "--port", paramLabel = "PORT", description = "The port (default: $PIPEKEEPER_PORT, else 8080; 0: any free port).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface, behind a TLS proxy).")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        int port = port();
        Catalog catalog = catalog();
        try (App app = app(catalog); Background background = Background.start(app, Duration.ofSeconds(10));
             WebServer server = WebServer.start(app, bind, port, background::lastPass, app.clock())) {
            out().println("pipekeeper serving http://" + bind + ":" + server.port() + " (store " + app.store().location() + "); Ctrl-C stops it");
            out().println("  health: http://" + bind + ":" + server.port() + "/health; API tokens: pipekeeper token create --name N --role viewer");
            out().flush();
            UntilStopped.await(server, background, app);
        }
        return Cli.OK;
    }

    /** --port, else $PIPEKEEPER_PORT, else 8080. */
    private int port() {
        String variable = invocation().environment().get(PORT_VARIABLE);
        String source = port != null ? "--port" : variable != null && !variable.isBlank() ? PORT_VARIABLE : null;
        if (source == null) {
            return DEFAULT_PORT;
        }
        String written = port != null ? port.toString() : variable.strip();
        int value;
        try {
            value = Integer.parseInt(written);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 0 || value > 65535) {
            throw new BadInputException(source + ": '" + written + "' is not a port; use 1 to 65535, or 0 for any free port");
        }
        return value;
    }
}
