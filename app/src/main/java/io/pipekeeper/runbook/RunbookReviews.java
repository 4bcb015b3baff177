package io.pipekeeper.runbook;

import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.SignalStore;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Pipeline;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * When each runbook was last reviewed (the configuration's {@code reviewed:}, or a later review stored by
 * {@code pipekeeper runbook review}), when the next review is due, and the {@code runbook_stale} signal of one
 * past due, raised once per due date to the pipeline's primary owner.
 */
public final class RunbookReviews {

    private final Catalog catalog;
    private final Jdbi jdbi;

    public RunbookReviews(Catalog catalog, Jdbi jdbi) {
        this.catalog = catalog;
        this.jdbi = jdbi;
    }

    /** A review: who, on which day; and the day the next one is due. */
    public record Review(String by, LocalDate on, LocalDate due) {
        public boolean staleOn(LocalDate day) {
            return day.isAfter(due);
        }
    }

    /** The latest review, if the runbook was ever reviewed. */
    public Optional<Review> latest(Pipeline pipeline) {
        Optional<Review> stored = jdbi.withHandle(h -> h.createQuery(
                        "SELECT reviewed_by, reviewed_on FROM runbook_reviews WHERE pipeline = :p ORDER BY reviewed_on DESC, id DESC LIMIT 1")
                .bind("p", pipeline.id())
                .map((rs, ctx) -> review(pipeline, rs.getString("reviewed_by"), rs.getObject("reviewed_on", LocalDate.class))).findOne());
        Optional<Review> configured = pipeline.runbook().reviewedOn()
                .map(on -> review(pipeline, pipeline.runbook().reviewedBy().orElse("?"), on));
        return stored.filter(s -> configured.isEmpty() || !s.on().isBefore(configured.get().on())).or(() -> configured);
    }

    public void record(String pipeline, String by, LocalDate on, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO runbook_reviews (pipeline, reviewed_by, reviewed_on, created_at) VALUES (:p, :by, :on, :now)
                        """)
                .bind("p", pipeline).bind("by", by).bind("on", on).bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).execute());
    }

    /**
     * Raises {@code runbook_stale} for each runbook past its due date (or never reviewed) that has no such signal
     * since it fell due; returns how many it raised.
     */
    public int raiseStale(SignalStore signals, Instant now) {
        LocalDate today = now.atZone(catalog.team().timezone()).toLocalDate();
        int raised = 0;
        for (Pipeline pipeline : catalog.pipelines().values()) {
            Optional<Review> review = latest(pipeline);
            if (review.isPresent() && !review.get().staleOn(today)) {
                continue;
            }
            LocalDate since = review.map(Review::due).orElse(LocalDate.MIN.plusDays(1));
            boolean told = signals.latest(Kind.RUNBOOK_STALE, pipeline.id())
                    .filter(s -> !s.createdAt().atZone(catalog.team().timezone()).toLocalDate().isBefore(since)).isPresent();
            if (told) {
                continue;
            }
            signals.raise(new PendingSignal(Kind.RUNBOOK_STALE, pipeline.id(), null, "the runbook of " + pipeline.id() + review
                            .map(r -> " was last reviewed on " + r.on() + " by " + r.by() + " and was due again on " + r.due())
                            .orElse(" was never reviewed") + "; " + pipeline.owners().primary() + ", please review it: pipekeeper runbook review "
                            + pipeline.id() + " --by " + pipeline.owners().primary(),
                    java.util.Map.of("check", "", "owner", pipeline.owners().primary())), now);
            raised++;
        }
        return raised;
    }

    private static Review review(Pipeline pipeline, String by, LocalDate on) {
        return new Review(by, on, on.plusDays(pipeline.runbook().reviewEvery().toDays()));
    }
}
