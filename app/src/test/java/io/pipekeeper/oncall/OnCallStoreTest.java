package io.pipekeeper.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipekeeper.config.SeedText;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Run-time on-call changes, stored on H2 and on a real PostgreSQL, and the checks made before storing them. */
class OnCallStoreTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static Instant local(int month, int day, int hour) {
        int year = month >= 11 ? 2026 : 2027;
        return LocalDateTime.of(year, month, day, hour, 0).atZone(NEW_YORK).toInstant();
    }

    private static Roster roster(OnCallStore store) {
        return Roster.of(SeedText.load(SeedText.text()), store.load());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void overrides_and_time_off_are_kept_with_their_author_and_change_who_is_on_call(Supplier<StoreLocation> database) {
        try (Store db = Store.open(database.get())) {
            OnCallStore store = new OnCallStore(db.jdbi());
            OnCallChanges changes = new OnCallChanges(store);
            long override = changes.override(roster(store), Role.PRIMARY, "michael", local(12, 24, 18), local(12, 26, 9),
                    "family visit", "emily", NOW);
            long off = changes.timeOff(roster(store), "john", LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 5),
                    "vacation", "john", NOW);

            OnCallStore.Changes stored = store.load();
            assertThat(stored.overrides()).singleElement().satisfies(o -> {
                assertThat(o.id()).isEqualTo(override);
                assertThat(o.author()).isEqualTo("emily");
                assertThat(o.start()).isEqualTo(local(12, 24, 18));
                assertThat(o.swapId()).isEmpty();
            });
            assertThat(stored.timeOff()).singleElement().satisfies(t -> {
                assertThat(t.id()).isEqualTo(off);
                assertThat(t.firstDay()).isEqualTo(LocalDate.of(2026, 12, 1));
            });
            Roster roster = roster(store);
            assertThat(roster.schedule().at(local(12, 25, 12)).primary()).contains("michael");
            assertThat(roster.schedule().at(local(12, 25, 12)).reasons())
                    .containsExactly("override: michael is primary (family visit), override #" + override + " by emily");
            assertThat(roster.schedule().at(local(12, 2, 12)).primary()).contains("emily");

            assertThat(store.removeOverride(override)).isTrue();
            assertThat(store.removeOverride(override)).isFalse();
            assertThat(roster(store).schedule().at(local(12, 25, 12)).primary()).contains("emily");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_swap_trades_whole_turns_and_is_removed_as_one(Supplier<StoreLocation> database) {
        try (Store db = Store.open(database.get())) {
            OnCallStore store = new OnCallStore(db.jdbi());
            long swap = new OnCallChanges(store).swap(roster(store), 2, Role.PRIMARY, "john", "new year at home", "michael", NOW);

            Roster roster = roster(store);
            // Turn 2 (michael/david) and turn 4 (john/emily, john's nearest primary turn) trade their primaries.
            assertThat(roster.schedule().at(local(1, 1, 12)).primary()).contains("john");
            assertThat(roster.schedule().at(local(1, 1, 12)).secondary()).contains("david");
            assertThat(roster.schedule().at(local(1, 26, 12)).primary()).contains("michael");
            assertThat(store.load().overrides()).hasSize(2).allSatisfy(o -> assertThat(o.swapId()).contains(swap));

            assertThat(store.removeOverride(store.load().overrides().get(1).id())).isTrue();
            assertThat(store.load().overrides()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_saved_plan_replaces_the_rotation_where_it_lies(Supplier<StoreLocation> database) {
        try (Store db = Store.open(database.get())) {
            OnCallStore store = new OnCallStore(db.jdbi());
            Shift planned = new Shift(0, local(12, 14, 9), local(12, 28, 9), "david", "john");
            store.savePlan(List.of(planned), "emily", NOW);

            Roster roster = roster(store);
            Assignment christmas = roster.schedule().at(local(12, 25, 12));
            assertThat(christmas.primary()).contains("david");
            assertThat(christmas.source()).isEqualTo(Source.PLAN);
            assertThat(roster.schedule().at(local(12, 28, 12)).primary()).as("the rotation resumes").contains("michael");

            store.savePlan(List.of(), "emily", NOW);
            assertThat(store.load().plan()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_change_that_leaves_a_role_empty_or_puts_someone_away_on_call_is_refused(Supplier<StoreLocation> database) {
        try (Store db = Store.open(database.get())) {
            OnCallStore store = new OnCallStore(db.jdbi());
            OnCallChanges changes = new OnCallChanges(store);
            changes.timeOff(roster(store), "john", LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 2), "", "john", NOW);
            changes.timeOff(roster(store), "emily", LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 2), "", "emily", NOW);
            // With john and emily away, david and michael hold the shift; michael cannot leave too.
            assertThatThrownBy(() -> changes.timeOff(roster(store), "michael", LocalDate.of(2026, 12, 2), LocalDate.of(2026, 12, 3),
                    "", "michael", NOW))
                    .isInstanceOf(OnCallChanges.Refused.class)
                    .hasMessageStartingWith("refused: this leaves a role empty from Wed 2026-12-02 00:00 EST to Thu 2026-12-03 00:00 EST"
                            + " nobody would be secondary: ")
                    .hasMessageContaining("nobody is free to be secondary");
            assertThatThrownBy(() -> changes.override(roster(store), Role.SECONDARY, "john", local(12, 1, 12), local(12, 1, 18),
                    "", "emily", NOW))
                    .isInstanceOf(OnCallChanges.Refused.class)
                    .hasMessageContaining("john is on time off from Tue 2026-12-01 00:00 EST to Thu 2026-12-03 00:00 EST");
            assertThat(store.load().timeOff()).hasSize(2);
            assertThat(store.load().overrides()).isEmpty();
        }
    }

}
