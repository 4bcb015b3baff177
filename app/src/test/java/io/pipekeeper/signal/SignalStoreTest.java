package io.pipekeeper.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.SeverityRule;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one way signals are written and read, on H2 and on a real PostgreSQL. */
class SignalStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_raised_signal_reads_back_whole_and_already_raised_asks_by_kind_subject_and_date(Supplier<StoreLocation> database) {
        try (Store store = Store.open(database.get())) {
            SignalStore signals = new SignalStore(store.jdbi());
            signals.raise(new PendingSignal(Kind.DEADLINE_MISSED, "unit_profit", DAY, "unit_profit missed its deadline",
                    Map.of("deadline", "06:00")), NOW);
            signals.raise(new PendingSignal(Kind.SECURITY, "server", null, "10 requests denied", Map.of()), NOW.plusSeconds(1));

            assertThat(signals.all()).hasSize(2).first().satisfies(s -> {
                assertThat(s.kind()).isEqualTo(Kind.DEADLINE_MISSED);
                assertThat(s.subject()).isEqualTo("unit_profit");
                assertThat(s.date()).contains(DAY);
                assertThat(s.evidence()).isEqualTo("{\"deadline\":\"06:00\"}");
                assertThat(s.createdAt()).isEqualTo(NOW);
            });
            assertThat(signals.alreadyRaised(Kind.DEADLINE_MISSED, "unit_profit", DAY)).isTrue();
            assertThat(signals.alreadyRaised(Kind.DEADLINE_MISSED, "unit_profit", DAY.plusDays(1))).as("another date").isFalse();
            assertThat(signals.alreadyRaised(Kind.RUN_FAILED, "unit_profit", DAY)).as("another kind").isFalse();
            assertThat(signals.alreadyRaised(Kind.SECURITY, "server", null)).as("no date").isTrue();
            assertThat(signals.latest(Kind.SECURITY, "server")).map(Signal::detail).contains("10 requests denied");
            assertThat(signals.between(NOW, NOW.plusSeconds(60), Optional.of(Kind.SECURITY), Optional.empty(), 10))
                    .extracting(Signal::subject).containsExactly("server");
        }
    }

    @Test
    void evidence_too_long_for_its_column_is_cut_to_valid_json_that_says_so() {
        String json = SignalStore.evidenceJson(Map.of("sample", "x".repeat(20_000)));
        assertThat(json).hasSizeLessThanOrEqualTo(8000).startsWith("{").endsWith("}").contains("\"truncated\":true");
    }

    @Test
    void the_kinds_severity_rules_accept_are_exactly_the_kinds_signals_have() {
        assertThat(SeverityRule.KINDS).containsExactlyInAnyOrderElementsOf(Arrays.stream(Kind.values()).map(Kind::text).toList());
        assertThat(Kind.parse("row_count")).isEmpty();
    }
}
