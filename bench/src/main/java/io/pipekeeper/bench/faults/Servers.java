package io.pipekeeper.bench.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What starting pipekeeper's long-running commands takes: a served port, a token. */
final class Servers {
    private static final Pattern SERVING = Pattern.compile("pipekeeper serving http://[^:]+:(\\d+)");

    private Servers() {
    }

    /** {@code pipekeeper serve --port 0}, once it listens; its port is {@link #port}. */
    static Child serve(Path config, Map<String, String> environment) throws Exception {
        Child child = Child.start(config, environment, "serve", "--port", "0");
        if (!child.awaitOutput("pipekeeper serving", 120)) {
            child.kill();
            throw new IllegalStateException("serve did not start: " + child.output());
        }
        return child;
    }

    static int port(Child served) throws Exception {
        Matcher port = SERVING.matcher(served.output());
        if (!port.find()) {
            throw new IllegalStateException("no port in: " + served.output());
        }
        return Integer.parseInt(port.group(1));
    }

    /** A new API token of that role, made by {@code pipekeeper token create} as an admin would. */
    static String token(Path config, Map<String, String> environment, String name, String role, String... more) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("token", "create", "--name", name, "--role", role));
        args.addAll(java.util.List.of(more));
        try (Child child = Child.start(config, environment, args.toArray(String[]::new))) {
            if (child.waitFor(120) != 0) {
                throw new IllegalStateException("token create failed: " + child.output());
            }
            return Files.readString(child.out).strip();
        }
    }
}
