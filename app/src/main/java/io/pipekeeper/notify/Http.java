package io.pipekeeper.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** One POST to a provider. Its errors name the provider and the status, never the URL or a header: either may hold a secret. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {
    }

    /** Posts {@code body}; returns the response's body, or throws when the answer is not 2xx or nobody answered. */
    static String post(String provider, String url, Map<String, String> headers, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(provider, url)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // The cause is kept for DeliveryLoop to tell a timeout from a refusal; only this message is ever shown.
            throw new IOException(provider + " could not be reached: " + e.getClass().getSimpleName(), e);
        }
        if (response.statusCode() / 100 != 2) {
            String said = response.body().lines().findFirst().orElse("");
            throw new IOException(provider + " refused it: HTTP " + response.statusCode() + (said.isBlank() ? "" : " " + cut(said)));
        }
        return response.body();
    }

    private static URI uri(String provider, String url) throws IOException {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IOException(provider + "'s URL is not a valid URL");
        }
    }

    private static String cut(String text) {
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }
}
