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
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "The port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface, behind a TLS proxy).")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port: " + port + " is not a port; use 1 to 65535, or 0 for any free port");
        }
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
}
