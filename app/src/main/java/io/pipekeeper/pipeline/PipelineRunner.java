package io.pipekeeper.pipeline;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;

import io.pipekeeper.engine.Publisher;
import io.pipekeeper.engine.InputFiles;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.engine.EngineFailure;
import io.pipekeeper.engine.Engine;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Input;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.quality.CheckResult;
import io.pipekeeper.quality.CheckRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import io.micrometer.core.instrument.MeterRegistry;
import io.pipekeeper.ServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs pipelines for one date in dependency order: the ones asked for and every pipeline they need. A
 * pipeline whose input is missing, or whose upstream did not succeed, is blocked, not failed. Errors that can
 * pass are retried with backoff ({@code retries}, default 2; waits of 2 s, 4 s, …). Every run and its signal
 * go to the store together.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);

    /** How the runner waits between attempts; tests move time instead of waiting. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Catalog catalog;
    private final RunStore store;
    private final Engines engines;
    private final Pause pause;
    private final Supplier<Instant> clock;
    /** The checks of the current call, in one session per engine, closed when the call ends. */
    private final CheckRunner checks;
    /** Source checks of the current call, by source and date: each partition is checked once however many read it. */
    private final Map<String, CheckRunner.Outcome> checkedSources = new HashMap<>();
    private final MeterRegistry meters;

    public PipelineRunner(Catalog catalog, RunStore store, Engines engines, Pause pause, Supplier<Instant> clock) {
        this(catalog, store, engines, pause, clock, ServiceMetrics.NONE);
    }

    /** @param meters where each run's and each check pass's time is measured (a service's {@code /metrics}) */
    public PipelineRunner(Catalog catalog, RunStore store, Engines engines, Pause pause, Supplier<Instant> clock, MeterRegistry meters) {
        this.meters = meters;
        this.catalog = catalog;
        this.store = store;
        this.engines = engines;
        this.pause = pause;
        this.clock = clock;
        this.checks = new CheckRunner(catalog, engines, store::metricValues);
    }

    /** Runs {@code requested} (all pipelines when empty) and what they need, for one date. */
    public List<Run> run(List<String> requested, LocalDate date) {
        Publisher.cleanUp(catalog.storage().warehouse());
        checkedSources.clear();
        Map<String, Run.Status> outcomes = new HashMap<>();
        List<Run> runs = new ArrayList<>();
        try {
            for (String id : order(catalog, requested)) {
                Run run = runOne(catalog.pipeline(id), date, outcomes);
                outcomes.put(id, run.status());
                runs.add(run);
            }
        } finally {
            checks.close();
        }
        return runs;
    }

    /**
     * Runs one pipeline alone, as its schedule does: its upstream pipelines run on their own schedules, and when
     * their output for the date is missing, this one is blocked.
     */
    public Run runOnly(String pipeline, LocalDate date) {
        Publisher.cleanUp(catalog.storage().warehouse());
        checkedSources.clear();
        try {
            return runOne(catalog.pipeline(pipeline), date, Map.of());
        } finally {
            checks.close();
        }
    }

    /** The pipelines to run, upstream first: the ones asked for and, transitively, what they depend on. */
    public static List<String> order(Catalog catalog, List<String> requested) {
        List<String> wanted = requested.isEmpty() ? new ArrayList<>(catalog.pipelines().keySet()) : requested;
        Set<String> ordered = new LinkedHashSet<>();
        for (String id : wanted) {
            visit(catalog, id, ordered);
        }
        return new ArrayList<>(ordered);
    }

    private static void visit(Catalog catalog, String id, Set<String> ordered) {
        if (ordered.contains(id)) {
            return;
        }
        for (String upstream : catalog.pipeline(id).dependsOn()) {
            visit(catalog, upstream, ordered);
        }
        ordered.add(id);
    }

    /** Every log line of a run carries its id ({@code run_id}); its start and end are logged at DEBUG (the scheduler logs its runs at INFO). */
    private Run runOne(Pipeline pipeline, LocalDate date, Map<String, Run.Status> outcomes) {
        long runId = store.start(pipeline.id(), date, pipeline.engine(), clock.get());
        try (MDC.MDCCloseable id = MDC.putCloseable("run_id", Long.toString(runId));
             MDC.MDCCloseable name = MDC.putCloseable("pipeline", pipeline.id())) {
            LOG.debug("run {} of {} for {} started on {}", runId, pipeline.id(), date, pipeline.engine());
            long started = System.nanoTime();
            Run run = execute(runId, pipeline, date, outcomes);
            ServiceMetrics.runDuration(meters, pipeline.id(), run.status().text()).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            LOG.debug("run {} of {} for {}: {}{}", runId, pipeline.id(), date, run.status().text(), run.error().map(e -> " (" + e + ")").orElse(""));
            return run;
        }
    }

    private Run execute(long runId, Pipeline pipeline, LocalDate date, Map<String, Run.Status> outcomes) {
        for (String upstream : pipeline.dependsOn()) {
            Run.Status status = outcomes.get(upstream);
            if (status != null && status != Run.Status.SUCCEEDED) {
                return block(runId, pipeline, date, "upstream " + upstream + " " + status.text() + " for " + date,
                        Map.of("upstream", upstream, "upstream_status", status.text()));
            }
        }
        String sql;
        try {
            sql = SqlTemplate.render(Files.readString(sqlFile(pipeline)), date);
        } catch (IOException | IllegalArgumentException e) {
            return fail(runId, pipeline, date, 0, null, "cannot read " + sqlFile(pipeline) + ": " + e.getMessage(), Kind.RUN_FAILED);
        }
        int attempts = 0;
        while (true) {
            attempts++;
            List<InputFiles.Resolved> inputs = new ArrayList<>();
            for (Input input : pipeline.inputs()) {
                InputFiles.Resolved resolved = new InputFiles(catalog).resolve(input, date);
                if (resolved.missing().isPresent()) {
                    return block(runId, pipeline, date, resolved.missing().get(), Map.of("input", input.name()));
                }
                inputs.add(resolved);
            }
            Optional<CheckResult> blockingInput = checkInputs(pipeline, date);
            inputs.replaceAll(input -> Optional.ofNullable(checkedSources.get(input.input().name() + "@" + date))
                    .map(outcome -> input.keeping(outcome.cleanRows(engines.forPipeline(pipeline).dialect()))).orElse(input));
            if (blockingInput.isPresent()) {
                CheckResult failed = blockingInput.get();
                return block(runId, pipeline, date, "input check " + failed.check() + " on " + failed.subject() + " "
                        + failed.status().text() + ": " + failed.observed(), Map.of("input", failed.subject(), "check", failed.check()));
            }
            Path staging = Publisher.stagingFile(catalog.storage().warehouse(), pipeline.id(), date);
            try {
                Engine.Execution execution = engines.forPipeline(pipeline).execute(pipeline.id(), sql, inputs, pipeline.resources(), staging);
                CheckRunner.Outcome outputChecks = ServiceMetrics.checkDuration(meters, "output")
                        .record(() -> checks.checkOutput(pipeline.id(), date, staging));
                store.checks().save(outputChecks.results(), clock.get());
                store.saveMetrics(pipeline.id(), date, outputChecks.metrics(), clock.get());
                Optional<CheckResult> blockingOutput = outputChecks.firstBlocking();
                if (blockingOutput.isPresent()) {
                    deleteQuietly(staging);
                    return fail(runId, pipeline, date, attempts, execution, "output check " + blockingOutput.get().check() + " "
                            + blockingOutput.get().status().text() + ": " + blockingOutput.get().observed() + "; not published",
                            Kind.RUN_FAILED);
                }
                Path output = Publisher.publish(staging, catalog.storage().warehouse(), pipeline.id(), date);
                store.finish(runId, Run.Status.SUCCEEDED, attempts, clock.get(), execution, output.toString(), null, Optional.empty());
                forecast(pipeline, date);
                return latest(pipeline.id(), date, runId);
            } catch (EngineFailure failure) {
                deleteQuietly(staging);
                if (failure.kind() == EngineFailure.Kind.TRANSIENT && attempts <= pipeline.retries()) {
                    if (!waitBeforeRetry(attempts)) {
                        return fail(runId, pipeline, date, attempts, null, failure.getMessage() + " (interrupted while waiting to retry)",
                                Kind.RUN_FAILED);
                    }
                    continue;
                }
                Kind kind = failure.resourceExhausted() ? Kind.RESOURCE_EXHAUSTED : Kind.RUN_FAILED;
                String message = failure.kind() == EngineFailure.Kind.TRANSIENT
                        ? failure.getMessage() + " (gave up after " + attempts + " attempts)" : failure.getMessage();
                return fail(runId, pipeline, date, attempts, null, message, kind);
            } catch (UncheckedIOException e) {
                deleteQuietly(staging);
                return fail(runId, pipeline, date, attempts, null, e.getMessage(), Kind.RUN_FAILED);
            }
        }
    }

    /**
     * The query a pipeline runs on its engine: {@code <name>.<engine>.sql} beside its file where the engine's SQL truly
     * differs (docs/scaling.md lists each difference), else its file.
     */
    public static Path sqlFile(Pipeline pipeline) {
        String name = pipeline.sql().getFileName().toString().replaceFirst("\\.sql$", "");
        Path override = pipeline.sql().resolveSibling(name + "." + pipeline.engine() + ".sql");
        return Files.isRegularFile(override) ? override : pipeline.sql();
    }

    /** After a success: will the next runs still fit before the deadline? Raises capacity_risk once per date. */
    private void forecast(Pipeline pipeline, LocalDate date) {
        List<Run> history = store.runs(Optional.of(pipeline.id()), Optional.of(date.minusDays(60)), Optional.of(date));
        CapacityForecast.assess(pipeline, catalog.team().timezone(), history, date).ifPresent(risk -> {
            if (!store.signals().alreadyRaised(Kind.CAPACITY_RISK, pipeline.id(), date)) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("predicted_date", risk.predictedDate().toString());
                evidence.put("predicted_wall_ms", risk.predictedWall().toMillis());
                evidence.put("window_ms", risk.window().toMillis());
                evidence.put("growth_ms_per_day", Math.round(risk.slopeMillisPerDay()));
                store.signals().raise(new PendingSignal(Kind.CAPACITY_RISK, pipeline.id(), date, pipeline.id()
                        + " will no longer finish between its cron time and its deadline from about " + risk.predictedDate()
                        + " (expected " + risk.predictedWall().toMinutes() + " min, window " + risk.window().toMinutes()
                        + " min); raise its resources, move its cron earlier, or move it to the spark engine", evidence),
                        clock.get());
            }
        });
    }

    /** Checks each source input's partition for the date once, stores the results; the first that blocks, if any. */
    private Optional<CheckResult> checkInputs(Pipeline pipeline, LocalDate date) {
        for (Input input : pipeline.inputs()) {
            if (input.kind() != Input.Kind.SOURCE) {
                continue;
            }
            CheckRunner.Outcome outcome = checkedSources.computeIfAbsent(input.name() + "@" + date, key -> {
                CheckRunner.Outcome checked = ServiceMetrics.checkDuration(meters, "source").record(() -> checks.checkSource(input.name(), date));
                store.checks().save(checked.results(), clock.get());
                store.saveMetrics(input.name(), date, checked.metrics(), clock.get());
                return checked;
            });
            Optional<CheckResult> blocking = outcome.firstBlocking();
            if (blocking.isPresent()) {
                return blocking;
            }
        }
        return Optional.empty();
    }

    private boolean waitBeforeRetry(int failedAttempts) {
        try {
            pause.sleep(FIRST_BACKOFF.multipliedBy(1L << (failedAttempts - 1)));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Run block(long runId, Pipeline pipeline, LocalDate date, String reason, Map<String, Object> evidence) {
        store.finish(runId, Run.Status.BLOCKED, 0, clock.get(), null, null, reason, Optional.of(new PendingSignal(
                Kind.RUN_BLOCKED, pipeline.id(), date, pipeline.id() + " is blocked for " + date + ": " + reason, evidence)));
        return latest(pipeline.id(), date, runId);
    }

    private Run fail(long runId, Pipeline pipeline, LocalDate date, int attempts, Engine.Execution execution,
                     String error, Kind signalKind) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("attempts", attempts);
        evidence.put("error", error);
        evidence.put("sql", pipeline.sql().toString());
        evidence.put("resources", Map.of("memory", pipeline.resources().memoryText(), "threads", pipeline.resources().threads(),
                "timeout", io.pipekeeper.config.Durations.format(pipeline.resources().timeout())));
        store.finish(runId, Run.Status.FAILED, attempts, clock.get(), execution, null, error, Optional.of(new PendingSignal(
                signalKind, pipeline.id(), date, pipeline.id() + " failed for " + date + ": " + error, evidence)));
        return latest(pipeline.id(), date, runId);
    }

    private Run latest(String pipeline, LocalDate date, long runId) {
        return store.runs(Optional.of(pipeline), Optional.of(date), Optional.of(date)).stream()
                .filter(run -> run.id() == runId).findFirst().orElseThrow();
    }


    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // cleanUp removes it at the next start
        }
    }
}
