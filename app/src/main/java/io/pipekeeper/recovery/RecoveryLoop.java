package io.pipekeeper.recovery;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Input;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.engine.DataFile;
import io.pipekeeper.engine.InputFiles;
import io.pipekeeper.incident.Impact;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.incident.SeverityRules;
import io.pipekeeper.pipeline.PipelineRunner;
import io.pipekeeper.pipeline.PipelineSchedule;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.signal.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Automatic recovery. For each open incident about a data date, it looks whether its cause has cleared: the root's
 * pipeline ran again and succeeded (by hand, or on its schedule), or a source partition the root reads changed
 * after the incident opened (replaced, or arrived late) and has been quiet for {@link #QUIET}. Each such cause is
 * recorded once (the store's unique key), and its recovery re-runs, in the DAG's order, the root's pipeline and
 * every pipeline the incident held back, for that date: its checks run with it. The incidents loop then resolves
 * each impact as its run passes, and the incident once all have, and tells who it paged. A recovery whose process
 * is killed is finished by the next one; a pipeline that already ran in it is not run again.
 */
public final class RecoveryLoop {
    /** A partition unchanged for this long has finished arriving. */
    static final Duration QUIET = PipelineSchedule.QUIET;
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryLoop.class);
    /** The kinds of incident lineage ties to a cause upstream, and so the only ones a recovery can clear. */
    private static final List<String> CORRELATING = java.util.Arrays.stream(Kind.values()).filter(Kind::correlates).map(Kind::text).toList();

    private final Catalog catalog;
    private final IncidentStore incidents;
    private final RunStore runs;
    private final RecoveryStore store;
    private final Supplier<PipelineRunner> runner;
    private final Supplier<Instant> clock;
    private final SeverityRules rules;
    private final InputFiles files;

    /** {@code clock}: "now" when a recovery ends, after the runs it made. */
    public RecoveryLoop(Catalog catalog, IncidentStore incidents, RunStore runs, RecoveryStore store, Supplier<PipelineRunner> runner,
                        Supplier<Instant> clock) {
        this.catalog = catalog;
        this.incidents = incidents;
        this.runs = runs;
        this.store = store;
        this.runner = runner;
        this.clock = clock;
        this.rules = new SeverityRules(catalog);
        this.files = new InputFiles(catalog);
    }

    /** Records every cause cleared since the last pass, and runs the recoveries waiting; returns how many it finished. */
    public int runOnce(Instant now) {
        for (Incident incident : incidents.openAboutDates(CORRELATING)) {
            if (store.inProgress(incident.id())) {
                continue; // one recovery at a time: a run it made (even one a kill left unrecorded) is not a new cause
            }
            cleared(incident, now).ifPresent(cause -> {
                if (store.found(incident.id(), incident.date().orElseThrow(), cause.key(), cause.text(), now)) {
                    try (MDC.MDCCloseable id = MDC.putCloseable("incident_id", Long.toString(incident.id()))) {
                        LOG.info("incident #{}: {}; recovering", incident.id(), cause.text());
                    }
                }
            });
        }
        int finished = 0;
        for (Optional<Recovery> next = store.claimNext(now); next.isPresent(); next = store.claimNext(now)) {
            recover(next.get());
            finished++;
        }
        return finished;
    }

    /** What cleared, as a key that names it once, and in words. */
    record Cause(String key, String text) {
    }

    /** The incident's cause that cleared since it opened, if one did and was not recovered from yet. */
    Optional<Cause> cleared(Incident incident, Instant now) {
        if (incident.date().isEmpty() || !Kind.parse(incident.kind()).map(Kind::correlates).orElse(false)) {
            return Optional.empty();
        }
        LocalDate date = incident.date().get();
        Optional<Pipeline> root = Optional.ofNullable(catalog.pipelines().get(incident.subject()));
        if (root.isPresent()) {
            List<Long> ours = store.runsOf(incident.id());
            Optional<Run> ran = runs.runs(Optional.of(root.get().id()), Optional.of(date), Optional.of(date)).stream()
                    .filter(run -> run.status() == Run.Status.SUCCEEDED && run.finishedAt().orElseThrow().isAfter(incident.openedAt()))
                    .filter(run -> !ours.contains(run.id())).findFirst();
            if (ran.isPresent()) {
                return fresh(incident, new Cause("run:" + ran.get().id(), root.get().id() + " ran again for " + date + " and succeeded"));
            }
        }
        List<String> watched = root.map(p -> p.inputs().stream().filter(i -> i.kind() == Input.Kind.SOURCE).map(Input::name).toList())
                .orElse(catalog.sources().containsKey(incident.subject()) ? List.of(incident.subject()) : List.of());
        List<String> changed = new ArrayList<>();
        StringBuilder key = new StringBuilder("source");
        for (String source : watched) {
            InputFiles.Resolved partition = files.resolve(Input.ofDay(source, Input.Kind.SOURCE), date);
            Optional<Instant> modified = partition.files().stream().map(DataFile::modified).max(Comparator.naturalOrder());
            if (partition.missing().isEmpty() && modified.isPresent() && modified.get().isAfter(incident.openedAt())) {
                if (modified.get().plus(QUIET).isAfter(now)) {
                    return Optional.empty(); // still arriving: look again on the next pass
                }
                changed.add(source);
                key.append(':').append(source).append('@').append(modified.get().toEpochMilli()).append('/').append(partition.files().size());
            }
        }
        if (!changed.isEmpty()) {
            // A run blocked with no check to blame was waiting for a partition that was not there: it arrived. Else one was replaced.
            boolean missing = incident.kind().equals(Kind.RUN_BLOCKED.text()) && incident.checkName().isEmpty();
            return fresh(incident, new Cause(key.toString(), String.join(", ", changed) + " for " + date + (missing ? " arrived"
                    : (changed.size() == 1 ? " was" : " were") + " replaced")));
        }
        return Optional.empty();
    }

    private Optional<Cause> fresh(Incident incident, Cause cause) {
        return store.known(incident.id(), cause.key()) ? Optional.empty() : Optional.of(cause);
    }

    /** Re-runs what the incident held back, in the DAG's order; says on its timeline what ran, how long it took, and what failed. */
    void recover(Recovery recovery) {
        long started = System.nanoTime();
        Optional<Incident> found = incidents.find(recovery.incidentId()).filter(Incident::open);
        if (found.isEmpty()) {
            store.finish(recovery.id(), true, "nothing to do: the incident was resolved first", clock.get());
            return;
        }
        Incident incident = found.get();
        LocalDate date = recovery.date();
        Set<String> held = new LinkedHashSet<>();
        for (Impact impact : incidents.impacts(incident.id())) {
            if (!impact.recovered() && catalog.pipelines().containsKey(impact.subject())) {
                held.add(impact.subject());
            }
        }
        List<String> below = rules.blastRadius(incident.subject()).pipelines();
        Set<String> wanted = new LinkedHashSet<>();
        if (recovery.cause().startsWith("source:")) {
            // Everything below the incident that reads the changed partition, however far down, reads new data now.
            for (String part : recovery.cause().substring("source:".length()).split(":")) {
                String source = part.substring(0, part.indexOf('@'));
                rules.blastRadius(source).pipelines().stream().filter(id -> below.contains(id) || held.contains(id)).forEach(wanted::add);
            }
        } else {
            below.stream().filter(id -> !id.equals(incident.subject()))
                    .filter(id -> held.contains(id) || !latest(id, date).map(run -> run.status() == Run.Status.SUCCEEDED).orElse(false))
                    .forEach(wanted::add);
        }
        wanted.addAll(held);
        List<String> reran = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> manual = new ArrayList<>();
        Set<String> notGood = new LinkedHashSet<>();
        Instant since = recovery.startedAt().orElseThrow();
        for (String id : PipelineRunner.order(catalog, List.copyOf(wanted))) {
            if (!wanted.contains(id)) {
                continue;
            }
            Pipeline pipeline = catalog.pipeline(id);
            if (!pipeline.autoRecovery()) {
                manual.add(id);
                notGood.add(id);
                continue;
            }
            Optional<String> heldBy = pipeline.dependsOn().stream().filter(notGood::contains).findFirst();
            if (heldBy.isPresent()) {
                failed.add(id + " not run: " + heldBy.get() + " did not recover");
                notGood.add(id);
                continue;
            }
            // Resumed after a crash: what already ran since this recovery first started is not run again.
            Optional<Run> already = runs.runs(Optional.of(id), Optional.of(date), Optional.of(date)).stream()
                    .filter(run -> run.status() == Run.Status.SUCCEEDED && !run.startedAt().isBefore(since)).findFirst();
            Run run = already.orElseGet(() -> runner.get().runOnly(id, date));
            if (!recovery.runIds().contains(run.id())) {
                store.ran(recovery.id(), run.id());
            }
            if (run.status() == Run.Status.SUCCEEDED) {
                reran.add(id);
            } else {
                failed.add(id + " " + run.status().text() + ": " + run.error().orElse("see its run"));
                notGood.add(id);
            }
        }
        String seconds = String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9);
        StringBuilder summary = new StringBuilder(recovery.causeText());
        summary.append(reran.isEmpty() ? "; nothing to re-run" : "; re-ran " + String.join(", ", reran) + " in " + seconds + " s");
        if (!failed.isEmpty()) {
            summary.append("; still failing: ").append(String.join("; ", failed)).append(" — the incident stays open");
        }
        if (!manual.isEmpty()) {
            summary.append("; left for a person (recovery: manual): ").append(manual.stream()
                    .map(id -> id + " (pipekeeper run " + id + " --date " + date + ")").reduce((a, b) -> a + ", " + b).orElse(""));
        }
        incidents.note(incident.id(), "recovery", summary.toString(), clock.get());
        store.finish(recovery.id(), failed.isEmpty(), summary.toString(), clock.get());
        try (MDC.MDCCloseable id = MDC.putCloseable("incident_id", Long.toString(incident.id()))) {
            LOG.info("incident #{}: {}", incident.id(), summary);
        }
    }

    private Optional<Run> latest(String pipeline, LocalDate date) {
        List<Run> all = runs.runs(Optional.of(pipeline), Optional.of(date), Optional.of(date));
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
