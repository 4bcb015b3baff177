package io.pipekeeper.pipeline;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a five-field UNIX cron fires in a time zone: the one rule that the scheduler, {@code pipelines next}, the
 * runbook and the dashboard share.
 *
 * <p>The fields are read as crontab(5) reads them: when both day-of-month and day-of-week are restricted, a day
 * matching either fires ({@code 0 9 13 * 5} is every Friday and every 13th). The wall clock decides: a local time
 * that occurs twice when clocks go back fires once, at its first occurrence; a local time that clocks skip fires
 * after the jump, moved by the length of the gap (02:30 on a night that jumps from 02:00 to 03:00 fires at 03:30),
 * as on-call hand-offs do.
 */
public record CronTimes(Cron cron, ZoneId zone) {
    public CronTimes {
        cron.validate();
    }

    /** The first firing strictly after {@code after}; empty when the cron never fires again (February 30th). */
    public Optional<Instant> next(Instant after) {
        ExecutionTime times = ExecutionTime.forCron(cron);
        LocalDateTime local = searchStart(after);
        for (int guard = 0; guard < 100_000; guard++) {
            Optional<ZonedDateTime> candidate = times.nextExecution(local.atZone(ZoneOffset.UTC));
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            local = candidate.get().toLocalDateTime();
            Instant fires = local.atZone(zone).toInstant(); // a gap moves it forward; an overlap takes the earlier offset
            if (fires.isAfter(after)) {
                return Optional.of(fires);
            }
        }
        return Optional.empty();
    }

    /** The next {@code count} firings after {@code after}, in order. */
    public List<Instant> next(Instant after, int count) {
        List<Instant> times = new ArrayList<>(count);
        Instant from = after;
        while (times.size() < count) {
            Optional<Instant> next = next(from);
            if (next.isEmpty()) {
                break;
            }
            times.add(next.get());
            from = next.get();
        }
        return times;
    }

    /**
     * The local time to search from. Just after clocks jump forward, a skipped local time earlier than the wall
     * clock shows can still be due (it fires at its moved instant), so the search starts where the gap began.
     */
    private LocalDateTime searchStart(Instant after) {
        LocalDateTime local = LocalDateTime.ofInstant(after, zone);
        ZoneOffsetTransition last = zone.getRules().previousTransition(after.plusNanos(1));
        if (last != null && last.isGap() && after.isBefore(last.getInstant().plus(last.getDuration()))) {
            return last.getDateTimeBefore().minusSeconds(1);
        }
        return local;
    }
}
