package io.pipekeeper.access;

import io.pipekeeper.signal.Kind;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.signal.SignalStore;
import io.pipekeeper.signal.Signal;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Repeated denials from one address become one security signal; scattered ones do not. */
class AuditLogTest {
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");

    private static AuditLog.Entry denial(String address, Instant at) {
        return new AuditLog.Entry(at, "anonymous", "GET", "/api/incidents", address, "denied", Optional.of("no token"));
    }

    @Test
    void the_tenth_denial_from_one_address_within_five_minutes_raises_one_security_signal() {
        try (Store store = Store.open(TestDatabases.freshH2())) {
            AuditLog log = new AuditLog(store.jdbi());
            SignalStore runs = new SignalStore(store.jdbi());
            for (int i = 0; i < 9; i++) {
                assertThat(log.denied(denial("10.0.0.7", NOW.plusSeconds(i * 10)), runs)).isFalse();
                log.denied(denial("10.0.0." + (20 + i), NOW.plusSeconds(i * 10)), runs);
            }
            assertThat(log.denied(denial("10.0.0.7", NOW.plusSeconds(95)), runs)).isTrue();
            for (int i = 0; i < 5; i++) {
                assertThat(log.denied(denial("10.0.0.7", NOW.plusSeconds(100 + i)), runs)).as("once per run of denials").isFalse();
            }
            assertThat(log.denied(denial("10.0.0.8", NOW.plus(Duration.ofHours(1))), runs)).isFalse();

            assertThat(runs.all()).filteredOn(s -> s.kind() == Kind.SECURITY).singleElement().satisfies(s -> {
                assertThat(s.subject()).isEqualTo("server");
                assertThat(s.detail()).startsWith("10 requests denied from 10.0.0.7 within 5 minutes");
            });
            assertThat(log.between(NOW, NOW.plus(Duration.ofDays(1)))).hasSize(9 + 9 + 1 + 5 + 1);
        }
    }

    @Test
    void the_evidence_is_json_whatever_the_address_holds() throws Exception {
        try (Store store = Store.open(TestDatabases.freshH2())) {
            AuditLog log = new AuditLog(store.jdbi());
            SignalStore runs = new SignalStore(store.jdbi());
            String address = "10.0.0.9\",\"denials\":0,\"x\":\"\\";
            for (int i = 0; i < AuditLog.DENIALS_FOR_SIGNAL; i++) {
                log.denied(denial(address, NOW.plusSeconds(i)), runs);
            }
            String evidence = runs.all().stream().filter(s -> s.kind() == Kind.SECURITY).findFirst().orElseThrow().evidence();
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(evidence);
            assertThat(json.path("address").asText()).isEqualTo(address);
            assertThat(json.path("denials").asInt()).isEqualTo(AuditLog.DENIALS_FOR_SIGNAL);
        }
    }

    @Test
    void a_security_signal_is_a_major_incident() {
        Signal signal = new Signal(1, Kind.SECURITY, "server", Optional.empty(), "10 requests denied", "{}", Optional.empty(), NOW);
        assertThat(new io.pipekeeper.incident.SeverityRules(io.pipekeeper.config.SeedText.load(io.pipekeeper.config.SeedText.text()))
                .severityOf(signal)).isEqualTo("major");
    }
}
