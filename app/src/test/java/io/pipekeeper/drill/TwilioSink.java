package io.pipekeeper.drill;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Twilio's REST API as the drill needs it, on loopback port 0: it takes SMS and calls, records each (to whom, what,
 * when on the drill clock, its sid and the status callback it was given), and rejects SMS to the numbers it is told to,
 * as Twilio rejects a message it will not send (HTTP 400 with its JSON error).
 */
final class TwilioSink implements AutoCloseable {
    /** One SMS or call Twilio took. */
    record Taken(String kind, String to, String text, Instant at, String sid, String statusCallback) {
    }

    final List<Taken> taken = new CopyOnWriteArrayList<>();
    /** The numbers of the SMS rejected so far, in order. */
    final List<String> rejected = new CopyOnWriteArrayList<>();
    /** Numbers whose SMS are rejected. */
    final Set<String> rejectSmsTo = ConcurrentHashMap.newKeySet();
    private final HttpServer server;

    TwilioSink(Supplier<Instant> clock) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String path = exchange.getRequestURI().getPath();
            boolean sms = path.endsWith("/Messages.json");
            int status;
            String answer;
            if (sms && rejectSmsTo.contains(form.get("To"))) {
                rejected.add(form.get("To"));
                status = 400;
                answer = "{\"code\": 21610, \"message\": \"Attempt to send to unsubscribed recipient\", \"status\": 400}";
            } else {
                String sid = (sms ? "SM" : "CA") + String.format("%032d", taken.size() + 1);
                taken.add(new Taken(sms ? "sms" : "call", form.get("To"), sms ? form.get("Body") : form.get("Twiml"), clock.get(), sid,
                        form.getOrDefault("StatusCallback", "")));
                status = 201;
                answer = "{\"sid\": \"" + sid + "\", \"status\": \"queued\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
