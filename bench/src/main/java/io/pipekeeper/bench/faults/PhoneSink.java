package io.pipekeeper.bench.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Twilio's Messages API on loopback, the one part that cannot run here. Each number answers by a script of its
 * own (the next answer, then the next; the last repeats): accept, refuse with 500, ask to wait with 429 and
 * Retry-After, or hang longer than pipekeeper waits. It counts what it accepted and what it held while the
 * sender gave up (which may have reached the person).
 */
final class PhoneSink implements AutoCloseable {
    enum Answer { ACCEPT, ERROR_500, RATE_LIMITED, HANG }

    /** An SMS as received: to whom, and its text. */
    record Sms(String to, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    final List<Sms> accepted = new CopyOnWriteArrayList<>();
    final List<Sms> hung = new CopyOnWriteArrayList<>();
    final AtomicLong requests = new AtomicLong();
    private final long hangMillis;

    PhoneSink(long hangMillis) throws IOException {
        this.hangMillis = hangMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "phone-sink");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String apiBase() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void script(String number, Answer... answers) {
        scripts.put(number, new ArrayDeque<>(List.of(answers)));
    }

    private Answer next(String number) {
        Deque<Answer> script = scripts.get(number);
        if (script == null) {
            return Answer.ACCEPT;
        }
        synchronized (script) {
            return script.size() > 1 ? script.removeFirst() : script.getFirst();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        Map<String, String> form = new ConcurrentHashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        Sms sms = new Sms(form.getOrDefault("To", ""), form.getOrDefault("Body", ""));
        switch (next(sms.to())) {
            case ACCEPT -> {
                accepted.add(sms);
                answer(exchange, 201, "{\"sid\":\"SM" + System.nanoTime() + "\",\"status\":\"queued\"}");
            }
            case ERROR_500 -> answer(exchange, 500, "{\"message\":\"internal error\"}");
            case RATE_LIMITED -> {
                exchange.getResponseHeaders().add("Retry-After", "2");
                answer(exchange, 429, "{\"message\":\"Too Many Requests\"}");
            }
            case HANG -> {
                hung.add(sms);
                try {
                    Thread.sleep(hangMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
