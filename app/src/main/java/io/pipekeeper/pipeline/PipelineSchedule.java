package io.pipekeeper.pipeline;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Pipeline;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The pipelines' schedules as db-scheduler tasks, which live in the store: a due run survives a restart,
 * runs once however many processes share the store, and runs late rather than never after downtime.
 *
 * <p>A run that fires on local day X computes day X − 1 (a source's partition for a day arrives by its
 * {@code arrives_by} the next morning). When the scheduler was down, the first run after it also computes the
 * days it missed since the pipeline's last run, at most {@value #CATCH_UP_DAYS} of them. At the deadline on
 * day X, a pipeline whose run for X − 1 has not succeeded raises {@code deadline_missed}, once.
 */
public final class PipelineSchedule {
    static final int CATCH_UP_DAYS = 7;
    /** How often the inputs of arrival-triggered pipelines are looked for: a partition runs its pipeline within this and {@link #QUIET}. */
    public static final java.time.Duration ARRIVALS_EVERY = java.time.Duration.ofSeconds(15);
    /** A file unchanged for this long has finished arriving. */
    public static final java.time.Duration QUIET = java.time.Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(PipelineSchedule.class);

    private final Catalog catalog;
    private final Supplier<PipelineRunner> runner;
    private final RunStore runs;
    private final Supplier<Instant> clock;

    /** @param clock now, as the scheduler sees it: the days due are decided by when a run actually starts */
    public PipelineSchedule(Catalog catalog, Supplier<PipelineRunner> runner, RunStore runs, Supplier<Instant> clock) {
        this.catalog = catalog;
        this.runner = runner;
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * One recurring task per cron-triggered pipeline's cron, one per deadline, and one that looks every
     * {@link #ARRIVALS_EVERY} for the inputs of the pipelines triggered by arrival.
     */
    public List<RecurringTask<Void>> tasks() {
        ZoneId zone = catalog.team().timezone();
        List<RecurringTask<Void>> tasks = new ArrayList<>();
        if (catalog.pipelines().values().stream().anyMatch(p -> p.schedule().trigger() == io.pipekeeper.config.Schedule.Trigger.ARRIVAL)) {
            tasks.add(Tasks.recurring("arrivals", Schedules.fixedDelay(ARRIVALS_EVERY)).execute((instance, context) -> runArrived(clock.get())));
        }
        for (Pipeline pipeline : catalog.pipelines().values()) {
            if (pipeline.schedule().trigger() == io.pipekeeper.config.Schedule.Trigger.CRON) {
                tasks.add(Tasks.recurring("run:" + pipeline.id(), new UnixCron(new CronTimes(pipeline.schedule().cron(), zone)))
                        .execute((instance, context) -> runDue(pipeline.id(), clock.get())));
            }
            pipeline.schedule().deadline().ifPresent(deadline -> tasks.add(
                    Tasks.recurring("deadline:" + pipeline.id(), Schedules.daily(zone, deadline))
                            .execute((instance, context) -> checkDeadline(pipeline.id(), context.getExecution().executionTime))));
        }
        return tasks;
    }

    /**
     * A pipeline's cron as a db-scheduler schedule. db-scheduler's own cron schedules read the day fields as
     * Spring does (day-of-month AND day-of-week); {@link CronTimes} reads them as crontab does (OR).
     */
    record UnixCron(CronTimes times) implements Schedule {
        @Override
        public Instant getNextExecutionTime(ExecutionComplete done) {
            return times.next(done.getTimeDone()).orElse(Schedule.NEVER);
        }

        @Override
        public boolean isDeterministic() {
            return true;
        }
    }

    /** The days a run firing at {@code firedAt} computes: the day before, and the missed ones since the last run. */
    List<LocalDate> datesDue(String pipeline, Instant firedAt) {
        LocalDate target = firedAt.atZone(catalog.team().timezone()).toLocalDate().minusDays(1);
        Optional<LocalDate> last = runs.runs(Optional.of(pipeline), Optional.empty(), Optional.of(target)).stream()
                .map(Run::date).max(LocalDate::compareTo);
        LocalDate first = last.map(day -> day.plusDays(1)).orElse(target);
        if (first.isBefore(target.minusDays(CATCH_UP_DAYS - 1))) {
            first = target.minusDays(CATCH_UP_DAYS - 1);
        }
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(target); day = day.plusDays(1)) {
            dates.add(day);
        }
        if (dates.isEmpty() && !succeeded(pipeline, target)) {
            dates.add(target);
        }
        return dates;
    }

    void runDue(String pipeline, Instant firedAt) {
        for (LocalDate date : datesDue(pipeline, firedAt)) {
            Run run = runner.get().runOnly(pipeline, date);
            try (MDC.MDCCloseable id = MDC.putCloseable("run_id", Long.toString(run.id()))) {
                LOG.info("run {} of {} for {}: {}{}", run.id(), pipeline, date, run.status().text(), run.error().map(e -> " (" + e + ")").orElse(""));
            }
        }
    }

    /**
     * Runs each arrival-triggered pipeline for every date that is due (its cron has fired for it, as far back as
     * {@value #CATCH_UP_DAYS} days), has not run yet, and has all its inputs, each quiet for {@link #QUIET} (finished
     * arriving). A date whose inputs are late raises nothing here: the deadline says when that is a problem.
     * Returns the runs started.
     */
    public List<Run> runArrived(Instant now) {
        List<Run> started = new ArrayList<>();
        for (Pipeline pipeline : catalog.pipelines().values()) {
            if (pipeline.schedule().trigger() != io.pipekeeper.config.Schedule.Trigger.ARRIVAL) {
                continue;
            }
            for (LocalDate date : arrivalDatesDue(pipeline, now)) {
                if (runs.runs(Optional.of(pipeline.id()), Optional.of(date), Optional.of(date)).isEmpty() && arrived(pipeline, date, now)) {
                    Run run = runner.get().runOnly(pipeline.id(), date);
                    try (MDC.MDCCloseable id = MDC.putCloseable("run_id", Long.toString(run.id()))) {
                        LOG.info("run {} of {} for {}: its inputs arrived; {}{}", run.id(), pipeline.id(), date, run.status().text(),
                                run.error().map(e -> " (" + e + ")").orElse(""));
                    }
                    started.add(run);
                }
            }
        }
        return started;
    }

    /** The dates an arrival-triggered pipeline is due for at {@code now}: the day before each cron firing of the last week, up to now. */
    List<LocalDate> arrivalDatesDue(Pipeline pipeline, Instant now) {
        ZoneId zone = catalog.team().timezone();
        CronTimes cron = new CronTimes(pipeline.schedule().cron(), zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate day = today.minusDays(CATCH_UP_DAYS); !day.isAfter(today); day = day.plusDays(1)) {
            Instant dayStart = day.atStartOfDay(zone).toInstant();
            Optional<Instant> fired = cron.next(dayStart.minusSeconds(1));
            if (fired.isPresent() && fired.get().isBefore(day.plusDays(1).atStartOfDay(zone).toInstant()) && !fired.get().isAfter(now)) {
                dates.add(day.minusDays(1));
            }
        }
        return dates;
    }

    /** Whether every input of the pipeline for the date is there, and its newest file older than {@link #QUIET}. */
    boolean arrived(Pipeline pipeline, LocalDate date, Instant now) {
        for (io.pipekeeper.config.Input input : pipeline.inputs()) {
            io.pipekeeper.engine.InputFiles.Resolved files = new io.pipekeeper.engine.InputFiles(catalog).resolve(input, date);
            if (files.missing().isPresent() || files.files().stream().anyMatch(file -> file.modified().plus(QUIET).isAfter(now))) {
                return false;
            }
        }
        return true;
    }

    void checkDeadline(String pipeline, Instant firedAt) {
        LocalDate target = firedAt.atZone(catalog.team().timezone()).toLocalDate().minusDays(1);
        if (succeeded(pipeline, target)) {
            return;
        }
        if (runs.signals().alreadyRaised(Kind.DEADLINE_MISSED, pipeline, target)) {
            return;
        }
        LocalTime deadline = catalog.pipeline(pipeline).schedule().deadline().orElseThrow();
        Optional<Run> last = runs.runs(Optional.of(pipeline), Optional.of(target), Optional.of(target)).stream()
                .reduce((first, second) -> second);
        String state = last.map(run -> "its last run " + run.status().text() + run.error().map(e -> ": " + e).orElse(""))
                .orElse("it has not run");
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("deadline", deadline.toString());
        evidence.put("timezone", catalog.team().timezone().getId());
        evidence.put("last_run_status", last.map(run -> run.status().text()).orElse(null));
        evidence.put("last_run_error", last.flatMap(Run::error).orElse(null));
        runs.signals().raise(new PendingSignal(Kind.DEADLINE_MISSED, pipeline, target, pipeline + " missed its " + deadline
                + " deadline for " + target + ": " + state, evidence), firedAt);
        LOG.warn("{} missed its {} deadline for {}: {}", pipeline, deadline, target, state);
    }

    private boolean succeeded(String pipeline, LocalDate date) {
        return runs.runs(Optional.of(pipeline), Optional.of(date), Optional.of(date)).stream()
                .anyMatch(run -> run.status() == Run.Status.SUCCEEDED);
    }

}
