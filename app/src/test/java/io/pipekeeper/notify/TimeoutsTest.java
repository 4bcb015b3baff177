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
}
