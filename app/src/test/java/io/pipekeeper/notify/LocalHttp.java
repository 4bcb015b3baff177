package io.pipekeeper.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider's HTTP API served locally on port 0 (the JDK's server): Twilio, a Slack incoming webhook, a team's
 * endpoint. It records every request and answers with the status set; for Twilio it answers with a message or
 * call id as Twilio does.
 */
final class LocalHttp implements AutoCloseable {
    /** One request as received: the path, the headers (names in lower case) and the body. */
    record Received(String path, Map<String, String> headers, String body) {
        /** The body read as an HTML form, as Twilio's API receives it. */
        Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            return form;
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    /** Requests whose path ends with this are answered 503 whatever {@link #status} says (null: none). */
    volatile String unavailable;
    /** Sent as Retry-After with answers that are not 2xx (null: none). */
    volatile String retryAfter;
    /** What a refusal says (Twilio's JSON error by default; "" for an empty body). */
    volatile String refusal = "{\"message\":\"Service unavailable\"}";
    private final HttpServer server;

    LocalHttp(int firstStatus) {
        this.status = firstStatus;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            received.add(new Received(exchange.getRequestURI().getPath(), headers, body));
            String path = exchange.getRequestURI().getPath();
            int answer = unavailable != null && path.endsWith(unavailable) ? 503 : status;
            String text = answer / 100 != 2 ? refusal
                    : path.endsWith("Calls.json") ? "{\"sid\":\"CA" + received.size() + "\"}"
                    : path.endsWith("Messages.json") ? "{\"sid\":\"SM" + received.size() + "\"}"
                    : "ok";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (answer / 100 != 2 && retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(answer, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** Where it listens: {@code http://127.0.0.1:PORT}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> at(String pathEnd) {
        return received.stream().filter(r -> r.path().endsWith(pathEnd)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
