package io.pipekeeper.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Malformed requests against a real {@code pipekeeper serve}, on every route its OpenAPI description lists, as
 * nobody and as each role: broken and hostile bodies, query values, path values, headers and methods, and a few
 * broken HTTP messages on a raw socket. None may get a 5xx, and none may lose its connection without an answer.
 */
final class MalformedRequests implements FaultsBench.Kind {
    static final int PER_ROUND = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Child server;
    private final int port;
    private final List<String> routes = new ArrayList<>();
    private final List<String> credentials = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private long sent;
    private long byStatus4xx;
    private long reconnects;
    private final List<String> reconnected = new ArrayList<>();

    MalformedRequests(Path dir) throws Exception {
        Path config = FaultTeam.write(dir, 1, "http://127.0.0.1:1", null);
        credentials.add(null);
        for (String role : List.of("viewer", "responder", "admin")) {
            credentials.add(Servers.token(config, FaultTeam.ENVIRONMENT, "faults-" + role, role));
        }
        credentials.add(Servers.token(config, FaultTeam.ENVIRONMENT, "faults-investors", "viewer", "--scope", "investors"));
        server = Servers.serve(config, FaultTeam.ENVIRONMENT);
        port = Servers.port(server);
        HttpResponse<String> openapi = http.send(HttpRequest.newBuilder(uri("/openapi.json")).header("Authorization", "Bearer " + credentials.get(3))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (openapi.statusCode() != 200) {
            throw new IllegalStateException("GET /openapi.json answered " + openapi.statusCode() + ": " + openapi.body());
        }
        JsonNode paths = JSON.readTree(openapi.body()).get("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> routes.add(method.toUpperCase() + " " + path.getKey()));
        }
    }

    @Override
    public String name() {
        return "api";
    }

    @Override
    public String summary() {
        return sent + " malformed requests on " + routes.size() + " routes × 5 callers (" + byStatus4xx + " answered 4xx, " + reconnects
                + " answered on a new connection after a kept-alive one closed, such as " + reconnected + "): no 5xx, no dropped connection";
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** The server's request limit (WebServer's 1,000,000 bytes): larger bodies are refused unread. */
    private static final int LARGE_BODY = 1_000_000;

    /** Whether the server at {@code uri}'s address still answers {@code /health} (with any status: it is up and reading requests). */
    private static boolean healthy(URI uri) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve("/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public FaultsBench.Round round(int number, Random random) throws Exception {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < PER_ROUND; i++) {
            String route = routes.get(random.nextInt(routes.size()));
            String method = random.nextInt(10) == 0 ? pick(random, List.of("PUT", "DELETE", "PATCH", "GET", "POST")) : route.substring(0, route.indexOf(' '));
            String path = pathValues(route.substring(route.indexOf(' ') + 1), random) + query(random);
            byte[] body = body(random);
            String what = method + " " + path.substring(0, Math.min(120, path.length())) + " (" + body.length + " bytes)";
            URI uri;
            try {
                uri = uri(path);
            } catch (IllegalArgumentException notAUri) {
                raw(method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", problems);
                continue;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            String credential = credentials.get(random.nextInt(credentials.size()));
            switch (random.nextInt(6)) {
                case 0 -> request.header("Authorization", "Bearer " + (credential == null ? "x".repeat(random.nextInt(5000)) : credential + "x"));
                case 1 -> request.header("Authorization", pick(random, List.of("Basic Zm9vOmJhcg==", "Bearer", "bearer  ", "Token abc")));
                case 2 -> request.header("Cookie", "pipekeeper_session=" + "%".repeat(random.nextInt(100)) + "; csrf=\u00e9".replace("\u00e9", "e"));
                default -> {
                    if (credential != null) {
                        request.header("Authorization", "Bearer " + credential);
                    }
                }
            }
            request.header("Content-Type", pick(random, List.of("application/json", "text/plain", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=", "application/json; charset=latin1")));
            sent++;
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() >= 500) {
                    problems.add(what + " → " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
                } else if (response.statusCode() >= 400) {
                    byStatus4xx++;
                }
            } catch (IOException e) {
                // A few in a thousand: the client's kept-alive connection was closed under it (the JDK client reports
                // "received no bytes"); the same request on a new connection tells that apart from one that breaks the server.
                try {
                    HttpResponse<byte[]> again = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (again.statusCode() >= 500) {
                        problems.add(what + " → " + again.statusCode() + " (after a lost connection: " + e + ")");
                    }
                    reconnects++;
                    if (reconnected.size() < 3) {
                        reconnected.add(what + ": " + e.getMessage());
                    }
                } catch (IOException lost) {
                    if (body.length > LARGE_BODY && healthy(uri)) {
                        // The server refuses a body over its limit unread and closes (by design); the client, still
                        // uploading, can lose that answer, twice in a row now and then. The server answering next shows it
                        // did not break.
                        reconnects++;
                    } else {
                        problems.add(what + " → connection lost twice: " + lost);
                    }
                }
            }
        }
        raw(pick(random, List.of("GARBAGE\r\n\r\n", "GET /health HTTP/9.9\r\n\r\n", "GET /api/incidents HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                "POST /api/incidents HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /api/runs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")), problems);
        return FaultsBench.Round.of(0, 0, problems);
    }

    /** A request written by hand: it must get an HTTP answer (a 4xx) before the connection closes. */
    private void raw(String message, List<String> problems) {
        sent++;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(message.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            boolean badVersion = message.startsWith("GET /health HTTP/9.9");
            if (!status.matches("HTTP/1\\.[01] [1-4]\\d\\d") && !(badVersion && status.equals("HTTP/1.1 505"))) {
                problems.add("raw " + firstLine(message) + " → '" + status + "'");
            } else if (status.charAt(9) == '4') {
                byStatus4xx++;
            }
        } catch (IOException e) {
            problems.add("raw " + firstLine(message) + " → connection lost: " + e);
        }
    }

    private static String firstLine(String message) {
        String line = message.lines().findFirst().orElse("");
        return line.substring(0, Math.min(60, line.length()));
    }

    private static String pathValues(String path, Random random) {
        return path.replace("{id}", pick(random, List.of("1", "0", "-1", "99999999999999999999", "abc", "1.5", "%00", "%2e%2e", "1e3")))
                .replace("{token}", pick(random, List.of("x", "a.b", "YWNrfDF8am9obnwx.AAAA", "%ff%fe", "..", "x".repeat(3000))))
                .replace("{pipeline}", pick(random, List.of("unit_profit", "no_such", "%2F..%2Fetc", "x".repeat(500), "Ünit")))
                .replaceAll("\\{[a-z_]+}", pick(random, List.of("x", "1", "%20")));
    }

    private static String query(Random random) {
        if (random.nextInt(3) == 0) {
            return "";
        }
        String name = pick(random, List.of("from", "to", "date", "at", "pipeline", "status", "limit", "kind", "subject", "role", "weeks", "count"));
        String value = pick(random, List.of("", "yesterday", "2026-02-30", "99999-01-01", "-1", "1e999", "%zz", "%00", "2026-12-01T25:00",
                "0", "99999999999", "x".repeat(2000), "2026-12-01&" + name + "=2026-12-02", "%E2%80%AE", "null"));
        return "?" + name + "=" + value;
    }

    private static byte[] body(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> new byte[0];
            case 1 -> "{\"by\": ".getBytes(StandardCharsets.UTF_8);
            case 2 -> "[1, 2, 3]".getBytes(StandardCharsets.UTF_8);
            case 3 -> "{\"by\": 5, \"date\": [], \"severity\": {}, \"pipeline\": null}".getBytes(StandardCharsets.UTF_8);
            case 4 -> ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"by\": \"" + "x".repeat(1_200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 6 -> new byte[] {'{', '"', 'b', 'y', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            case 7 -> "{\"date\": \"2026-12-01\", \"from\": \"2026-01-01\", \"to\": \"2030-01-01\"}".getBytes(StandardCharsets.UTF_8);
            case 8 -> "{\"count\": 1e999999, \"weeks\": -99999999999999999999}".getBytes(StandardCharsets.UTF_8);
            case 9 -> "{\"by\": \"john\u0000\", \"note\": \"\\ud800\"}".getBytes(StandardCharsets.UTF_8);
            case 10 -> "by=john&severity=critical".getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] bytes = new byte[random.nextInt(2048)];
                random.nextBytes(bytes);
                yield bytes;
            }
        };
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
