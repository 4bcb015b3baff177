package io.pipekeeper.incident;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.MaintenanceWindow;
import io.pipekeeper.pipeline.CronTimes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Maintenance windows: the configuration's (recurring or once) and those started by hand ({@code maintenance start},
 * the API, the dashboard), kept in {@code maintenance_windows}, of which this is the only writer. An incident that
 * opens in a window of its subject, of the pipeline it belongs to, or of everything, pages no one until the window
 * ends ({@link Escalation}); incidents already open keep escalating.
 */
public final class Maintenance {
    /** The scope of a window for everything. */
    public static final String ALL = "all";

    private final Catalog catalog;
    private final IncidentStore store;
    private final Escalation escalation;

    Maintenance(Catalog catalog, IncidentStore store, Escalation escalation) {
        this.catalog = catalog;
        this.store = store;
        this.escalation = escalation;
    }

    /**
     * One window in force.
     *
     * @param id    its id in the store, or 0 for the configuration's
     * @param scope {@value #ALL}, or the pipelines and sources it is for, comma-separated
     */
    public record Window(long id, String scope, Instant start, Instant end, String reason, String by) {
        boolean covers(List<String> subjects) {
            return scope.equals(ALL) || List.of(scope.split(", ")).stream().anyMatch(subjects::contains);
        }
    }

    /** The windows in force at {@code now}, the configuration's and the store's, those ending first first. */
    public List<Window> active(Instant now) {
        return store.jdbi().withHandle(handle -> active(handle, catalog, now));
    }

    static List<Window> active(Handle handle, Catalog catalog, Instant now) {
        List<Window> windows = new ArrayList<>();
        for (MaintenanceWindow window : catalog.maintenance()) {
            String scope = window.scopes().isEmpty() ? ALL : String.join(", ", window.scopes());
            window.once().ifPresent(once -> {
                Instant from = once.from().atZone(catalog.team().timezone()).toInstant();
                Instant to = once.to().atZone(catalog.team().timezone()).toInstant();
                if (!now.isBefore(from) && now.isBefore(to)) {
                    windows.add(new Window(0, scope, from, to, window.reason(), "the configuration"));
                }
            });
            window.recurring().ifPresent(recurring -> {
                CronTimes times = new CronTimes(recurring.cron(), catalog.team().timezone());
                Instant from = now.minus(recurring.duration());
                for (Optional<Instant> start = times.next(from); start.isPresent() && !start.get().isAfter(now); start = times.next(start.get())) {
                    windows.add(new Window(0, scope, start.get(), start.get().plus(recurring.duration()), window.reason(), "the configuration"));
                }
            });
        }
        handle.createQuery("SELECT * FROM maintenance_windows WHERE starts_at <= :now AND ends_at > :now AND ended_at IS NULL ORDER BY id")
                .bind("now", IncidentStore.utc(now))
                .map((rs, ctx) -> new Window(rs.getLong("id"), rs.getString("scope"), rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("ends_at", OffsetDateTime.class).toInstant(), rs.getString("reason"), rs.getString("created_by")))
                .forEach(windows::add);
        windows.sort(Comparator.comparing(Window::end));
        return windows;
    }

    /** The window in force at {@code at} for any of {@code subjects} (or everything) that ends last. */
    static Optional<Window> covering(Handle handle, Catalog catalog, List<String> subjects, Instant at) {
        return active(handle, catalog, at).stream().filter(window -> window.covers(subjects)).max(Comparator.comparing(Window::end));
    }

    /** Starts a window for {@code scope} (a pipeline, a source, or {@value #ALL}) from now, for {@code length}. */
    public Window start(String scope, Duration length, String reason, String by, Instant now) {
        if (!scope.equals(ALL) && !catalog.pipelines().containsKey(scope) && !catalog.sources().containsKey(scope)) {
            throw new IncidentActions.Refused("'" + scope + "' is neither a pipeline nor a source; name one, or all");
        }
        if (length.isZero() || length.isNegative()) {
            throw new IncidentActions.Refused("a window lasts longer than 0");
        }
        long id = store.jdbi().withHandle(handle -> handle.createUpdate("""
                        INSERT INTO maintenance_windows (scope, starts_at, ends_at, reason, created_by, created_at)
                        VALUES (:scope, :now, :end, :reason, :by, :now)""")
                .bind("scope", scope).bind("now", IncidentStore.utc(now)).bind("end", IncidentStore.utc(now.plus(length)))
                .bind("reason", reason).bind("by", by).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Window(id, scope, now, now.plus(length), reason, by);
    }

    /**
     * Ends, now, the windows started by hand for {@code scope} that are in force; the incidents they held start their
     * policies now, in the same transaction. Returns the windows ended (none: nothing was in force).
     */
    public List<Window> end(String scope, String by, Instant now) {
        return store.jdbi().inTransaction(handle -> {
            List<Window> ending = active(handle, catalog, now).stream().filter(w -> w.id() > 0 && w.scope().equals(scope)).toList();
            for (Window window : ending) {
                handle.createUpdate("UPDATE maintenance_windows SET ended_at = :now WHERE id = :id AND ended_at IS NULL")
                        .bind("now", IncidentStore.utc(now)).bind("id", window.id()).execute();
                escalation.release(handle, window, by, now);
            }
            return ending;
        });
    }
}
