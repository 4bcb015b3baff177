package io.pipekeeper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.testhelper.ManualScheduler;
import com.github.kagkarlsson.scheduler.testhelper.SettableClock;
import com.github.kagkarlsson.scheduler.testhelper.TestHelper;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our rows in db-scheduler's table are rows db-scheduler itself reads, moves and runs: checked against a real scheduler on each store. */
class EscalationTimersTest {
    private static final Instant OPENED = Instant.parse("2026-12-01T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_timer_written_in_a_transaction_is_run_by_db_scheduler_when_due_moved_when_moved_and_never_when_cancelled(
            Supplier<StoreLocation> database) {
        try (Store store = Store.open(database.get())) {
            List<EscalationTimers.Timer> fired = new CopyOnWriteArrayList<>();
            SettableClock clock = new SettableClock();
            clock.set(OPENED);
            ManualScheduler scheduler = TestHelper.createManualScheduler(store.dataSource(), List.of(Tasks.oneTime(EscalationTimers.TASK)
                            .execute((instance, context) -> fired.add(EscalationTimers.parse(instance.getId(), clock.now())))))
                    .clock(clock).build();
            scheduler.start();
            try {
                store.jdbi().useTransaction(handle -> {
                    EscalationTimers.add(handle, 7, 1, OPENED.plus(Duration.ofMinutes(30)));
                    EscalationTimers.add(handle, 8, 1, OPENED.plus(Duration.ofMinutes(30)));
                });
                assertThat(scheduler.getScheduledExecutions()).as("db-scheduler sees our rows").hasSize(2);
                assertThat(EscalationTimers.waiting(store.jdbi())).extracting(EscalationTimers.Timer::incidentId).containsExactly(7L, 8L);

                store.jdbi().useTransaction(handle -> {
                    assertThat(EscalationTimers.move(handle, 7, 1, OPENED.plus(Duration.ofMinutes(15)))).isTrue();
                    assertThat(EscalationTimers.move(handle, 7, 2, OPENED)).as("no such step").isFalse();
                    assertThat(EscalationTimers.cancel(handle, 8)).isEqualTo(1);
                });
                scheduler.setTime(OPENED.plus(Duration.ofMinutes(15)));
                scheduler.runAnyDueExecutions();
                assertThat(fired).as("the moved timer fired at its new time").singleElement().satisfies(timer -> {
                    assertThat(timer.incidentId()).isEqualTo(7);
                    assertThat(timer.step()).isEqualTo(1);
                });

                scheduler.setTime(OPENED.plus(Duration.ofHours(2)));
                scheduler.runAnyDueExecutions();
                assertThat(fired).as("the cancelled timer never fires").hasSize(1);
                assertThat(EscalationTimers.waiting(store.jdbi())).isEmpty();
            } finally {
                scheduler.stop();
            }
        }
    }
}
