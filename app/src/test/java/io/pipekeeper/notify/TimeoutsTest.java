package io.pipekeeper.notify;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

/** Which failures may hide a page the provider took (never retried on that channel) and which surely did not (retried). */
class TimeoutsTest {
    @Test
    void a_timeout_after_the_connection_opened_may_have_delivered_the_page() {
        assertThat(DeliveryLoop.timedOut(new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out"))))
                .isTrue();
        assertThat(DeliveryLoop.timedOut(new IOException("Twilio could not be reached: HttpTimeoutException",
                new HttpTimeoutException("request timed out")))).isTrue();
    }

    @Test
    void a_refusal_or_a_connection_that_never_opened_did_not() {
        assertThat(DeliveryLoop.timedOut(new IOException("Twilio refused it: HTTP 503"))).isFalse();
        assertThat(DeliveryLoop.timedOut(new IOException("could not be reached", new HttpConnectTimeoutException("connect timed out"))))
                .isFalse();
        assertThat(DeliveryLoop.timedOut(new MailConnectException(new SocketConnectException("Couldn't connect",
                new SocketTimeoutException("Connect timed out"), "smtp.example.com", 587, 10000)))).isFalse();
    }

    @Test
    void retry_after_is_read_in_seconds_or_as_an_http_date_and_bounded() {
        java.time.Instant now = java.time.Instant.parse("2026-12-02T15:00:00Z");
        assertThat(Http.retryAfter("120", now)).contains(java.time.Duration.ofSeconds(120));
        assertThat(Http.retryAfter("Wed, 02 Dec 2026 15:01:30 GMT", now)).contains(java.time.Duration.ofSeconds(90));
        assertThat(Http.retryAfter("Wed, 02 Dec 2026 14:00:00 GMT", now)).contains(java.time.Duration.ZERO);
        assertThat(Http.retryAfter("soon", now)).isEmpty();
        Http.RateLimited limited = new Http.RateLimited("Slack refused it: HTTP 429", java.util.Optional.of(java.time.Duration.ofHours(2)));
        assertThat(DeliveryLoop.retryDelay(limited, 0)).as("never an hour's wait for a page").hasMinutes(10);
        assertThat(DeliveryLoop.retryDelay(new Http.RateLimited("", java.util.Optional.of(java.time.Duration.ZERO)), 0)).hasSeconds(1);
        assertThat(DeliveryLoop.retryDelay(new Http.RateLimited("", java.util.Optional.empty()), 2)).as("no header: the usual backoff")
                .hasMinutes(2);
        assertThat(DeliveryLoop.retryDelay(new IOException("refused"), 1)).hasMinutes(1);
        assertThat(Http.said("{\"code\":20429,\"message\":\"Too Many Requests\"}")).isEqualTo("Too Many Requests");
        assertThat(Http.said("")).isEqualTo("no message");
        assertThat(Http.said("<html>\n<body>Bad gateway</body>")).isEqualTo("<html>");
    }
}
