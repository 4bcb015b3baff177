package io.pipekeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler's background work against a real H2 store and a real db-scheduler. */
class BackgroundTest {
    @TempDir
    Path dir;

    @Test
    void an_escalation_step_picked_by_a_process_that_died_fires_once_its_heartbeat_is_stale() throws Exception {
        Path config = SeedText.writeTo(dir);
        try (App app = new App(new ConfigLoader().load(config, "pipekeeper.yaml"), Map.of())) {
            Instant opened = Instant.now();
            Incident incident = app.incidentActions().open("orders late", "critical", "aggregate_profit", "john", opened);
            // As a scheduler killed between picking step 3's timer and running it leaves it: picked, by nobody alive,
            // its last heartbeat ten minutes old (db-scheduler's default took 30 minutes to call that dead).
            OffsetDateTime tenMinutesAgo = OffsetDateTime.ofInstant(opened.minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
            int picked = app.store().jdbi().withHandle(h -> h.createUpdate("""
                            UPDATE scheduled_tasks SET picked = TRUE, picked_by = 'killed', last_heartbeat = :at, execution_time = :at
                            WHERE task_name = 'escalate' AND task_instance = :instance
                            """)
                    .bind("at", tenMinutesAgo).bind("instance", incident.id() + ":2").execute());
            assertThat(picked).isEqualTo(1);

            try (Background background = Background.start(app, Duration.ofSeconds(1))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < deadline && stepThreeEvents(app, incident.id()).isEmpty()) {
                    Thread.sleep(250);
                }
            }
            assertThat(stepThreeEvents(app, incident.id())).singleElement().asString().contains("paging");
        }
    }

    @Test
    void an_escalation_step_that_failed_on_a_busy_store_is_tried_again_within_seconds() throws Exception {
        Path config = SeedText.writeTo(dir);
        try (App app = new App(new ConfigLoader().load(config, "pipekeeper.yaml"), Map.of())) {
            Instant opened = Instant.now();
            Incident incident = app.incidentActions().open("orders late", "critical", "aggregate_profit", "john", opened);
            int due = app.store().jdbi().withHandle(h -> h.createUpdate(
                            "UPDATE scheduled_tasks SET execution_time = :now WHERE task_name = 'escalate' AND task_instance = :instance")
                    .bind("now", OffsetDateTime.ofInstant(opened, ZoneOffset.UTC)).bind("instance", incident.id() + ":2").execute());
            assertThat(due).isEqualTo(1);
            // Another transaction holds the incident's row past H2's lock timeout (2 s): the step's first try fails.
            try (org.jdbi.v3.core.Handle busy = app.store().jdbi().open()) {
                busy.begin();
                assertThat(busy.createUpdate("UPDATE incidents SET title = title WHERE id = :id").bind("id", incident.id()).execute()).isEqualTo(1);
                try (Background background = Background.start(app, Duration.ofMillis(200))) {
                    long failedBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (System.nanoTime() < failedBy && consecutiveFailures(app, incident.id() + ":2") == 0) {
                        Thread.sleep(100);
                    }
                    assertThat(consecutiveFailures(app, incident.id() + ":2")).as("the first try, blocked by the lock").isEqualTo(1);
                    busy.rollback();
                    // db-scheduler's default would try again in five minutes; the step goes out within seconds.
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (System.nanoTime() < deadline && stepThreeEvents(app, incident.id()).isEmpty()) {
                        Thread.sleep(100);
                    }
                }
            }
            assertThat(stepThreeEvents(app, incident.id())).singleElement().asString().contains("paging");
        }
    }

    @Test
    void with_the_drill_clock_the_scheduler_fires_what_fell_due_when_the_clock_jumps() throws Exception {
        Path config = SeedText.writeTo(dir);
        DrillClock clock = new DrillClock(dir.resolve("clock.txt"));
        clock.set(Instant.parse("2026-12-15T15:00:00Z"));
        try (App app = new App(new ConfigLoader().load(config, "pipekeeper.yaml"), Map.of(DrillClock.VARIABLE, clock.file().toString()))) {
            Incident incident = app.incidentActions().open("a drill", "critical", "aggregate_profit", "john", app.now());
            try (Background background = Background.start(app, Duration.ofMillis(200))) {
                Thread.sleep(1500);
                assertThat(stepEvents(app, incident.id(), "step 2%")).as("the clock stands still: 30 minutes never pass").isEmpty();
                clock.set(Instant.parse("2026-12-15T15:30:00Z"));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < deadline && stepEvents(app, incident.id(), "step 2%").isEmpty()) {
                    Thread.sleep(100);
                }
            }
            assertThat(stepEvents(app, incident.id(), "step 2%")).singleElement().asString().contains("paging michael"); // the secondary then
            assertThat(stepEvents(app, incident.id(), "step 3%")).as("an hour has not passed on the drill clock").isEmpty();
        }
    }

    private static List<String> stepEvents(App app, long incidentId, String like) {
        return app.store().jdbi().withHandle(h -> h.createQuery(
                        "SELECT text FROM incident_events WHERE incident_id = :id AND kind = 'escalation' AND text LIKE :like")
                .bind("id", incidentId).bind("like", like).mapTo(String.class).list());
    }

    private static int consecutiveFailures(App app, String instance) {
        return app.store().jdbi().withHandle(h -> h.createQuery(
                        "SELECT consecutive_failures FROM scheduled_tasks WHERE task_name = 'escalate' AND task_instance = :instance")
                .bind("instance", instance).mapTo(Integer.class).findOne().orElse(0));
    }

    private static List<String> stepThreeEvents(App app, long incidentId) {
        return app.store().jdbi().withHandle(h -> h.createQuery(
                        "SELECT text FROM incident_events WHERE incident_id = :id AND kind = 'escalation' AND text LIKE 'step 3%'")
                .bind("id", incidentId).mapTo(String.class).list());
    }
}
