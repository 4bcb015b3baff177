package io.pipekeeper.status;

import io.pipekeeper.PipekeeperException;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Each audience's status report, from the runs and incidents in the store. */
public final class StatusPages {
    private final Catalog catalog;
    private final RunStore runs;
    private final IncidentStore incidents;

    public StatusPages(Catalog catalog, RunStore runs, IncidentStore incidents) {
        this.catalog = catalog;
        this.runs = runs;
        this.incidents = incidents;
    }

    /** An audience that has no status page: no pipeline names it. */
    public static final class UnknownAudience extends PipekeeperException {
        public UnknownAudience(String message) {
            super(message);
        }
    }

    public StatusReport report(String audience, Instant now) {
        if (!catalog.audiences().contains(audience)) {
            throw new UnknownAudience("no pipeline has audience '" + audience + "'; the audiences are " + String.join(", ", catalog.audiences()));
        }
        LocalDate from = now.atZone(catalog.team().timezone()).toLocalDate().minusDays(StatusReport.DAYS + 1L);
        List<Run> read = new ArrayList<>();
        for (Pipeline pipeline : catalog.pipelines().values()) {
            if (pipeline.audience().equals(audience)) {
                read.addAll(runs.runs(Optional.of(pipeline.id()), Optional.of(from), Optional.empty()));
            }
        }
        Instant since = from.atStartOfDay(catalog.team().timezone()).toInstant();
        List<StatusReport.Touching> touching = incidents.list(false).stream().filter(i -> i.open() || i.openedAt().isAfter(since))
                .map(i -> new StatusReport.Touching(i, incidents.impacts(i.id()))).toList();
        return StatusReport.of(catalog, audience, catalog.statusPage(audience).title(), read, touching, now);
    }
}
