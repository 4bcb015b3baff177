package io.pipekeeper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.engine.Engine;
import io.pipekeeper.notify.Notice;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One incident per cause: signals tied by the seed's lineage join the incident of their cause, on H2 and on a real PostgreSQL. */
class CorrelationTest {
    /** The seed with email configured, so that pages are decided (nothing is delivered here). */
    private static final Catalog SEED = SeedText.load(SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nchannels:\n  email:\n"
            + "    smtp: {host: 127.0.0.1, port: 2525, security: none}\n    from: \"pipekeeper <pipekeeper@example.com>\"\n\n"));
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);
    private static final Instant AT = Instant.parse("2026-11-29T11:00:00Z");

    private static void raise(RunStore runs, Kind kind, String subject, LocalDate date, Map<String, ?> evidence, Instant at) {
        runs.signals().raise(new PendingSignal(kind, subject, date, subject + " " + kind.text() + " for " + date, evidence), at);
    }

    private static void succeed(RunStore runs, String pipeline, LocalDate date, Instant at) {
        long run = runs.start(pipeline, date, "duckdb", at);
        runs.finish(run, Run.Status.SUCCEEDED, 1, at.plusSeconds(5), new Engine.Execution(1, 1, 1, 1, 1, Duration.ofSeconds(1)), "out", null,
                Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_corrupt_source_opens_one_incident_with_its_impacts_and_pages_once(Supplier<StoreLocation> database) {
        try (Store store = Store.open(database.get())) {
            RunStore runs = new RunStore(store.jdbi());
            IncidentStore incidents = new IncidentStore(store.jdbi());
            IncidentLoop loop = new IncidentLoop(SEED, incidents);
            raise(runs, Kind.CHECK_FAILED, "orders", DAY, Map.of("check", "not_null(user_id)"), AT);
            raise(runs, Kind.CHECK_FAILED, "orders", DAY, Map.of("check", "unique(order_id)"), AT);
            raise(runs, Kind.RUN_BLOCKED, "unit_profit", DAY, Map.of("input", "orders", "check", "not_null(user_id)"), AT.plusSeconds(1));
            raise(runs, Kind.RUN_BLOCKED, "aggregate_profit", DAY, Map.of("upstream", "unit_profit", "upstream_status", "blocked"), AT.plusSeconds(2));
            raise(runs, Kind.RUN_BLOCKED, "aggregate_profit", DAY, Map.of("upstream", "unit_profit", "upstream_status", "blocked"), AT.plusSeconds(3));

            assertThat(loop.runOnce(AT.plusSeconds(5))).isEqualTo(5);

            Incident incident = assertThat(incidents.list(true)).singleElement().actual();
            assertThat(incident.subject()).isEqualTo("orders");
            assertThat(incident.count()).as("every signal counted on the one incident").isEqualTo(5);
            assertThat(incidents.impacts(incident.id())).extracting(Impact::shown, Impact::count).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("orders check unique(order_id) failed for 2026-11-28", 1),
                    org.assertj.core.groups.Tuple.tuple("unit_profit run blocked for 2026-11-28", 1),
                    org.assertj.core.groups.Tuple.tuple("aggregate_profit run blocked for 2026-11-28", 2));
            assertThat(incidents.timeline(incident.id())).extracting(Incident.Event::text)
                    .contains("aggregate_profit run blocked for 2026-11-28, caused by #" + incident.id() + "; no page of its own");
            List<Outbox.Page> pages = new Outbox(store.jdbi()).all();
            assertThat(pages).as("the primary on call, once, by email: step 1 of one incident")
                    .singleElement().satisfies(page -> {
                        assertThat(page.incidentId()).isEqualTo(incident.id());
                        assertThat(page.notice()).isEqualTo(Notice.PAGE);
                        assertThat(page.step()).isZero();
                    });
            assertThat(EscalationTimers.waiting(store.jdbi())).as("steps 2 and 3 of the one incident").hasSize(2)
                    .allSatisfy(timer -> assertThat(timer.incidentId()).isEqualTo(incident.id()));

            NoiseReport noise = NoiseReport.load(store.jdbi(), DAY, DAY.plusDays(1), SEED.team().timezone());
            assertThat(noise.headline()).isEqualTo("5 signals → 1 incident → 1 page (3 impacts joined an incident instead of paging)");
            assertThat(noise.causes()).singleElement().satisfies(cause -> {
                assertThat(cause.what()).isEqualTo("orders check not_null(user_id) failed for 2026-11-28");
                assertThat(cause.impacts()).isEqualTo(3);
                assertThat(cause.pages()).isEqualTo(1);
            });
            assertThat(noise.pipelines()).extracting(NoiseReport.PipelineNoise::subject, NoiseReport.PipelineNoise::signals,
                    NoiseReport.PipelineNoise::causes, NoiseReport.PipelineNoise::impacts).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("aggregate_profit", 2, 0, 1), org.assertj.core.groups.Tuple.tuple("orders", 2, 1, 1),
                    org.assertj.core.groups.Tuple.tuple("unit_profit", 1, 0, 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void independent_faults_and_other_days_open_incidents_of_their_own(Supplier<StoreLocation> database) {
        try (Store store = Store.open(database.get())) {
            RunStore runs = new RunStore(store.jdbi());
            IncidentStore incidents = new IncidentStore(store.jdbi());
            raise(runs, Kind.CHECK_FAILED, "orders", DAY, Map.of("check", "not_null(user_id)"), AT);
            raise(runs, Kind.CHECK_FAILED, "events", DAY, Map.of("check", "not_null(event_time)"), AT);
            raise(runs, Kind.RUN_FAILED, "aggregate_profit", DAY.minusDays(1), Map.of(), AT);
            raise(runs, Kind.SECURITY, "server", null, Map.of(), AT);

            new IncidentLoop(SEED, incidents).runOnce(AT.plusSeconds(5));

            assertThat(incidents.list(true)).extracting(Incident::subject)
                    .as("orders and events reach no common table; another day; security stands alone")
                    .containsExactly("orders", "events", "aggregate_profit", "server");
            assertThat(incidents.list(true)).allSatisfy(i -> assertThat(incidents.impacts(i.id())).isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_cause_found_upstream_of_two_open_incidents_keeps_the_oldest_and_merges_the_other(Supplier<StoreLocation> database) {
        try (Store store = Store.open(database.get())) {
            RunStore runs = new RunStore(store.jdbi());
            IncidentStore incidents = new IncidentStore(store.jdbi());
            IncidentLoop loop = new IncidentLoop(SEED, incidents);
            raise(runs, Kind.RUN_FAILED, "unit_profit", DAY, Map.of(), AT);
            raise(runs, Kind.RUN_FAILED, "daily_growth", DAY, Map.of(), AT.plusSeconds(1));
            loop.runOnce(AT.plusSeconds(2));
            List<Incident> before = incidents.list(true);
            assertThat(before).hasSize(2);

            raise(runs, Kind.CHECK_FAILED, "users", DAY, Map.of("check", "not_null(signup_date)"), AT.plusSeconds(60));
            loop.runOnce(AT.plusSeconds(61));

            Incident survivor = assertThat(incidents.list(true)).singleElement().actual();
            assertThat(survivor.id()).as("the id people were paged with").isEqualTo(before.get(0).id());
            assertThat(survivor.subject()).isEqualTo("users");
            assertThat(survivor.checkName()).isEqualTo("not_null(signup_date)");
            assertThat(incidents.impacts(survivor.id())).extracting(Impact::shown)
                    .containsExactly("unit_profit run failed for 2026-11-28", "daily_growth run failed for 2026-11-28");
            Incident merged = incidents.find(before.get(1).id()).orElseThrow();
            assertThat(merged.status()).isEqualTo(Incident.Status.RESOLVED);
            assertThat(merged.mergedInto()).contains(survivor.id());
            assertThat(incidents.timeline(merged.id())).extracting(Incident.Event::text)
                    .contains("merged into #" + survivor.id() + ": the same cause upstream, users check not_null(signup_date) failed");
            assertThat(EscalationTimers.waiting(store.jdbi())).as("the merged incident escalates no further")
                    .allSatisfy(timer -> assertThat(timer.incidentId()).isEqualTo(survivor.id()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void an_investor_facing_impact_raises_the_severity_and_moves_the_escalation_clock(Supplier<StoreLocation> database) {
        try (Store store = Store.open(database.get())) {
            RunStore runs = new RunStore(store.jdbi());
            IncidentStore incidents = new IncidentStore(store.jdbi());
            IncidentLoop loop = new IncidentLoop(SEED, incidents);
            raise(runs, Kind.CHECK_FAILED, "product_costs", DAY, Map.of("check", "range(unit_cost)", "severity", "minor"), AT);
            loop.runOnce(AT);
            Incident minor = incidents.list(true).get(0);
            assertThat(minor.severity()).isEqualTo("minor");
            assertThat(EscalationTimers.waiting(store.jdbi())).extracting(EscalationTimers.Timer::at)
                    .as("half and all of minor's 4 h respond SLA").containsExactly(AT.plus(Duration.ofHours(2)), AT.plus(Duration.ofHours(4)));

            raise(runs, Kind.RUN_BLOCKED, "aggregate_profit", DAY, Map.of("upstream", "unit_profit"), AT.plusSeconds(600));
            loop.runOnce(AT.plusSeconds(600));

            Incident critical = incidents.find(minor.id()).orElseThrow();
            assertThat(PageTexts.body(SEED, critical, incidents.impacts(critical.id()), List.of("emily"))).as("what a later step's page says")
                    .contains("Held back by the same cause (1; none pages on its own):\n- aggregate_profit run blocked for 2026-11-28\n");
            assertThat(critical.severity()).as("aggregate_profit reports to investors").isEqualTo("critical");
            assertThat(critical.respondBy()).isEqualTo(AT.plus(Duration.ofHours(1)));
            assertThat(critical.resolveBy()).isEqualTo(AT.plus(Duration.ofHours(4)));
            assertThat(EscalationTimers.waiting(store.jdbi())).extracting(EscalationTimers.Timer::at)
                    .as("the clock counts from the opening, on the critical SLA").containsExactly(AT.plus(Duration.ofMinutes(30)), AT.plus(Duration.ofHours(1)));
            assertThat(new Outbox(store.jdbi()).all()).as("step 1 is not paged again").hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void the_incident_resolves_once_its_cause_and_every_impact_have_passed_and_tells_who_it_paged(Supplier<StoreLocation> database) {
        try (Store store = Store.open(database.get())) {
            RunStore runs = new RunStore(store.jdbi());
            IncidentStore incidents = new IncidentStore(store.jdbi());
            IncidentLoop loop = new IncidentLoop(SEED, incidents);
            raise(runs, Kind.RUN_FAILED, "unit_profit", DAY, Map.of(), AT);
            raise(runs, Kind.RUN_BLOCKED, "aggregate_profit", DAY, Map.of("upstream", "unit_profit"), AT.plusSeconds(1));
            loop.runOnce(AT.plusSeconds(2));
            long id = incidents.list(true).get(0).id();
            store.jdbi().useHandle(handle -> handle.execute("UPDATE outbox SET status = 'sent'")); // as the delivery loop would

            succeed(runs, "unit_profit", DAY, AT.plusSeconds(100));
            loop.runOnce(AT.plusSeconds(110));
            assertThat(incidents.find(id).orElseThrow().open()).as("aggregate_profit has not run again yet").isTrue();

            succeed(runs, "aggregate_profit", DAY, AT.plusSeconds(120));
            loop.runOnce(AT.plusSeconds(130));

            Incident resolved = incidents.find(id).orElseThrow();
            assertThat(resolved.status()).isEqualTo(Incident.Status.RESOLVED);
            assertThat(incidents.impacts(id)).allSatisfy(impact -> assertThat(impact.recovered()).isTrue());
            assertThat(new Outbox(store.jdbi()).all()).filteredOn(page -> page.notice() == Notice.RECOVERED)
                    .as("the person it paged hears that it recovered").singleElement().satisfies(page -> {
                        assertThat(page.subject()).startsWith("[RESOLVED] ");
                        assertThat(page.body()).contains("recovered too: aggregate_profit run blocked for 2026-11-28");
                    });
        }
    }
}
