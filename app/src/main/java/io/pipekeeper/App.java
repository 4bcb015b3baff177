package io.pipekeeper;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SlackSettings;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.notify.ActionLinks;
import io.pipekeeper.notify.DeliveryLoop;
import io.pipekeeper.notify.Channel;
import io.pipekeeper.notify.EmailChannel;
import io.pipekeeper.notify.PhoneChannel;
import io.pipekeeper.notify.SlackAppChannel;
import io.pipekeeper.notify.SlackChannel;
import io.pipekeeper.notify.TeamsChannel;
import io.pipekeeper.notify.Via;
import io.pipekeeper.recovery.RecoveryLoop;
import io.pipekeeper.recovery.RecoveryStore;
import io.pipekeeper.notify.WebhookChannel;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.oncall.OnCallStore;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.oncall.plan.FairPlanner;
import io.pipekeeper.owners.OwnershipPlanner;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.pipeline.PipelineRunner;
import io.pipekeeper.quality.CheckRunner;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.signal.SignalStore;
import io.pipekeeper.runbook.RunbookReviews;
import io.pipekeeper.runbook.Runbooks;
import io.pipekeeper.sample.SampleData;
import java.time.Clock;
import java.time.Instant;
import io.pipekeeper.owners.OwnershipReport;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The composition root: builds every part of pipekeeper with {@code new}, in one readable place. The CLI,
 * the server and the tests all build the same App from a validated {@link Catalog}.
 */
public final class App implements AutoCloseable {
    private final Catalog catalog;
    private final Map<String, String> environment;
    private final Supplier<Instant> clock;
    private Store store;
    private Engines engines;
    private io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics;

    public App(Catalog catalog, Map<String, String> environment) {
        this.catalog = catalog;
        this.environment = Map.copyOf(environment);
        this.clock = DrillClock.of(environment);
    }

    /** "Now": the system's, or the drill clock's with {@value DrillClock#VARIABLE} set. */
    public Instant now() {
        return clock.get();
    }

    public Supplier<Instant> clock() {
        return clock;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The environment secrets are read from ({@code ${env:NAME}} in the configuration). */
    public Map<String, String> environment() {
        return environment;
    }

    /** The state store, opened (and migrated) on first use. */
    public synchronized Store store() {
        if (store == null) {
            store = Store.open(StoreLocation.of(catalog, environment));
            if (catalog.baseUrl().isPresent()) {
                ActionLinks.makeKey(store.jdbi()); // before any page needs it: two processes making it inside a page's transaction would clash
            }
        }
        return store;
    }

    /** The engines the pipelines choose, built on first use; Spark's session starts only when a Spark pipeline runs. */
    /** This process's meters, for {@code /metrics}: the JVM's, the store's pool, and the work done here (made on first use). */
    public synchronized io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics() {
        if (metrics == null) {
            metrics = ServiceMetrics.registry(Version.of());
            if (store().dataSource() instanceof com.zaxxer.hikari.HikariDataSource pool) {
                pool.setMetricRegistry(metrics);
            }
        }
        return metrics;
    }

    public synchronized Engines engines() {
        if (engines == null) {
            engines = Engines.load(catalog);
        }
        return engines;
    }

    public OnCallStore onCallStore() {
        return new OnCallStore(store().jdbi());
    }

    /** The on-call picture as of now: the configuration combined with the changes stored at run time. */
    public Roster roster() {
        return Roster.of(catalog, onCallStore().load());
    }

    public FairPlanner fairPlanner() {
        return new FairPlanner();
    }

    public SignalStore signalStore() {
        return new SignalStore(store().jdbi());
    }

    public RunStore runStore() {
        return new RunStore(store().jdbi());
    }

    /** Runs pipelines for real: their engines, the store, and waits that really wait. */
    public PipelineRunner pipelineRunner() {
        return new PipelineRunner(catalog, runStore(), engines(), duration -> Thread.sleep(duration.toMillis()), clock, metrics());
    }

    /** Checks tables on the engines of the pipelines that read or write them, judged against the stored history. */
    public CheckRunner checkRunner() {
        return new CheckRunner(catalog, engines(), runStore()::metricValues);
    }

    public IncidentStore incidentStore() {
        return new IncidentStore(store().jdbi());
    }

    /** Signals to incidents: run after pipelines and checks, and by the scheduler. */
    public IncidentLoop incidentLoop() {
        return new IncidentLoop(catalog, incidentStore());
    }

    /** The channels the configuration names. */
    public Map<Via, Channel> channels() {
        Map<Via, Channel> channels = new EnumMap<>(Via.class);
        catalog.email().ifPresent(email -> channels.put(Via.EMAIL, new EmailChannel(email, environment)));
        catalog.phone().ifPresent(phone -> {
            Optional<String> callback = catalog.baseUrl().map(base -> base.replaceAll("/+$", "") + PhoneChannel.STATUS_HOOK);
            channels.put(Via.SMS, new PhoneChannel(phone, environment, Via.SMS, callback));
            channels.put(Via.VOICE, new PhoneChannel(phone, environment, Via.VOICE, callback));
        });
        catalog.slack().ifPresent(slack -> channels.put(Via.SLACK, slack instanceof SlackSettings.App app
                ? new SlackAppChannel(app, environment, store().jdbi(), catalog.team().timezone())
                : new SlackChannel((SlackSettings.Webhook) slack, environment)));
        catalog.teams().ifPresent(teams -> channels.put(Via.TEAMS, new TeamsChannel(teams, environment)));
        catalog.webhook().ifPresent(webhook -> channels.put(Via.WEBHOOK, new WebhookChannel(webhook, environment, Clock.systemUTC())));
        return channels;
    }

    /** Sends the pages that are due, through the channels the configuration names; a channel given up falls back to the next. */
    public DeliveryLoop deliveryLoop() {
        return new DeliveryLoop(new Outbox(store().jdbi()), channels(), incidentLoop().escalation()::fallBack,
                catalog.phone().map(io.pipekeeper.config.PhoneSettings::throttle), metrics());
    }

    public RecoveryStore recoveryStore() {
        return new RecoveryStore(store().jdbi());
    }

    /** Re-runs what an incident held back once its cause clears, with real pipeline runs. */
    public RecoveryLoop recoveryLoop() {
        return new RecoveryLoop(catalog, incidentStore(), runStore(), recoveryStore(), this::pipelineRunner, clock);
    }

    public IncidentActions incidentActions() {
        return new IncidentActions(catalog, incidentStore());
    }

    /** What each audience sees of its metrics: the status pages. */
    public io.pipekeeper.status.StatusPages statusPages() {
        return new io.pipekeeper.status.StatusPages(catalog, runStore(), incidentStore());
    }

    /** Each incident's postmortem: drafted from the store, saved and edited by people. */
    public io.pipekeeper.postmortem.Postmortems postmortems() {
        return new io.pipekeeper.postmortem.Postmortems(catalog, store().jdbi(), incidentStore(), runStore());
    }

    /** Every pipeline's runbook, written from the store as it is now. */
    public Runbooks runbooks() {
        return new Runbooks(catalog, runStore(), incidentStore(), runbookReviews(), this::roster, postmortems());
    }

    public RunbookReviews runbookReviews() {
        return new RunbookReviews(catalog, store().jdbi());
    }

    public SampleData sampleData() {
        return new SampleData(catalog);
    }

    public OwnershipReport owners() {
        return OwnershipReport.of(catalog);
    }

    public OwnershipPlanner.Suggestion suggestOwners() {
        return new OwnershipPlanner().suggest(catalog);
    }

    @Override
    public synchronized void close() {
        if (engines != null) {
            engines.close();
            engines = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
