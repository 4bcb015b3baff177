package io.pipekeeper.web;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code /metrics} for Prometheus (Micrometer). The figures are read from the store at each scrape, so they are
 * the team's, whichever process ran the work: runs by pipeline and status, the last run's duration, failed checks,
 * open incidents by severity, pages by channel and status, and the lag of this process's paging loop.
 */
final class StoreMetrics {
    private final Jdbi jdbi;
    private final WebServer.Liveness liveness;
    private final Supplier<Instant> clock;
    private final PrometheusMeterRegistry registry;
    private final MultiGauge runs;
    private final MultiGauge lastRun;
    private final MultiGauge checkFailures;
    private final MultiGauge openIncidents;
    private final MultiGauge pages;

    /** @param registry the process's meters ({@link io.pipekeeper.App#metrics()}), which the store's figures join */
    StoreMetrics(Jdbi jdbi, WebServer.Liveness liveness, Supplier<Instant> clock, PrometheusMeterRegistry registry) {
        this.jdbi = jdbi;
        this.liveness = liveness;
        this.clock = clock;
        this.registry = registry;
        runs = MultiGauge.builder("pipekeeper.runs").description("Runs in the store, by pipeline and status").register(registry);
        lastRun = MultiGauge.builder("pipekeeper.last.run.duration").baseUnit("seconds")
                .description("Wall time of each pipeline's last finished run").register(registry);
        checkFailures = MultiGauge.builder("pipekeeper.check.failures").description("Check results that failed or warned, by subject").register(registry);
        openIncidents = MultiGauge.builder("pipekeeper.open.incidents").description("Incidents not resolved, by severity and status").register(registry);
        pages = MultiGauge.builder("pipekeeper.pages").description("Messages in the outbox, by channel and status").register(registry);
        io.micrometer.core.instrument.Gauge.builder("pipekeeper.scheduler.overdue", this, StoreMetrics::schedulerOverdueSeconds).baseUnit("seconds")
                .description("How long the most overdue timer or cron run has waited for any scheduler (0: none overdue)").register(registry);
        io.micrometer.core.instrument.Gauge.builder("pipekeeper.loop.lag", this, StoreMetrics::loopLagSeconds).baseUnit("seconds")
                .description("Time since this process's signal and delivery loops last finished a pass (-1: not running here)")
                .register(registry);
    }

    /** The Prometheus text of the store as it is now. */
    synchronized String scrape() {
        runs.register(rows("SELECT pipeline AS a, status AS b, count(*) AS v FROM runs GROUP BY pipeline, status", "pipeline", "status"), true);
        // An interrupted run (its process was killed) has finished_at but no wall time: the last one that has it.
        lastRun.register(rows("""
                SELECT r.pipeline AS a, '' AS b, r.wall_ms / 1000.0 AS v FROM runs r
                WHERE r.id = (SELECT max(id) FROM runs x WHERE x.pipeline = r.pipeline AND x.wall_ms IS NOT NULL)
                """, "pipeline", null), true);
        checkFailures.register(rows("SELECT subject AS a, '' AS b, count(*) AS v FROM check_results WHERE status <> 'passed' GROUP BY subject",
                "subject", null), true);
        openIncidents.register(rows("SELECT severity AS a, status AS b, count(*) AS v FROM incidents WHERE status <> 'resolved' GROUP BY severity, status",
                "severity", "status"), true);
        pages.register(rows("SELECT channel AS a, status AS b, count(*) AS v FROM outbox GROUP BY channel, status", "channel", "status"), true);
        return registry.scrape();
    }

    private List<MultiGauge.Row<?>> rows(String sql, String first, String second) {
        List<Map<String, Object>> found = jdbi.withHandle(h -> h.createQuery(sql).mapToMap().list());
        return found.stream().<MultiGauge.Row<?>>map(row -> {
            Tags tags = Tags.of(first, String.valueOf(row.get("a")));
            if (second != null) {
                tags = tags.and(second, String.valueOf(row.get("b")));
            }
            return MultiGauge.Row.of(tags, ((Number) row.get("v")).doubleValue());
        }).toList();
    }

    /**
     * How long the most overdue timer or cron run has waited for a scheduler to pick it (0 when none is overdue): every
     * scheduler of the team stopped, or cannot keep up, when this grows.
     */
    private double schedulerOverdueSeconds() {
        Instant now = clock.get();
        Optional<Instant> oldest = jdbi.withHandle(h -> h.createQuery("SELECT min(execution_time) FROM scheduled_tasks WHERE picked = FALSE AND execution_time <= :now")
                .bind("now", java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
                .mapTo(java.time.OffsetDateTime.class).findOne()).map(java.time.OffsetDateTime::toInstant);
        return oldest.map(at -> Duration.between(at, now).toMillis() / 1000.0).orElse(0.0);
    }

    private double loopLagSeconds() {
        return liveness.lastPass().map(at -> Duration.between(at, clock.get()).toMillis() / 1000.0).orElse(-1.0);
    }
}
